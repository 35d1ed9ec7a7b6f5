/**
 * The people pane: one row per person (worst-finding badge, label, state, IdP, worst rule), windowed: only
 * the rows in view are rendered, so 100,000 people cost what 20 do.
 */
import { Box, Text } from 'ink'
import type { PersonRow } from './model.js'
import type { Cursor } from './state.js'
import { Title } from './Title.js'
import { levelMark, levelTone, toneProps } from './theme.js'

export interface PeopleListProps {
  rows: readonly PersonRow[]
  total: number
  cursor: Cursor
  height: number
  width: number
  focused: boolean
  colors: boolean
  sortName: string
}

/** Short state badges, so the label keeps most of a narrow pane (the timeline title has the full state). */
const STATE_BADGE: Record<string, string> = {
  'not-seen': 'unseen',
  provisioned: 'prov',
  deactivated: 'deact',
  reactivated: 'react',
  deleted: 'del',
}

function idpBadge(idps: readonly string[]): string {
  if (idps.length === 0) return '?'
  if (idps.length > 1) return 'mixed'
  return idps[0] === 'okta' ? 'Okta' : idps[0] === 'entra' ? 'Entra' : 'other'
}

function stateTone(state: string) {
  if (state === 'deactivated' || state === 'deleted') return 'warning' as const
  if (state === 'provisioned' || state === 'reactivated') return 'ok' as const
  return 'dim' as const
}

export function PeopleList({
  rows,
  total,
  cursor,
  height,
  width,
  focused,
  colors,
  sortName,
}: PeopleListProps) {
  const visible = rows.slice(cursor.top, cursor.top + height)
  const title = `People ${rows.length === total ? total : `${rows.length}/${total}`} · ${sortName}`
  // As wide as the longest label in view, leaving room for the state and IdP columns.
  const longest = visible.reduce((n, row) => Math.max(n, row.label.length), 0)
  const labelWidth = Math.max(8, Math.min(longest, width - 17))
  return (
    <Box flexDirection="column" width={width}>
      <Title text={title} focused={focused} width={width} />
      {visible.length === 0 ? <Text dimColor={colors}> nobody matches</Text> : null}
      {visible.map((row, i) => {
        const selected = cursor.top + i === cursor.index
        const label =
          row.label.length > labelWidth
            ? `${row.label.slice(0, labelWidth - 1)}…`
            : row.label.padEnd(labelWidth)
        return (
          <Text key={row.key} wrap="truncate-end" inverse={selected && focused}>
            {selected ? '›' : ' '}
            <Text {...toneProps(levelTone(row.worst), colors)}>{levelMark(row.worst)}</Text> {label}{' '}
            <Text {...toneProps(stateTone(row.person.state), colors)}>
              {(STATE_BADGE[row.person.state] ?? row.person.state).padEnd(6)}
            </Text>{' '}
            {idpBadge(row.person.idps).padEnd(5)}
            {row.worstRule ? `  ${row.worstRule}` : ''}
          </Text>
        )
      })}
    </Box>
  )
}
