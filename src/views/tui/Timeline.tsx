/**
 * The selected person's timeline pane: their findings first, then every request (time, method, coloured
 * status, state after it, IdP, what it did), then the attributes GitLab holds. Windowed like the people list.
 */
import { Box, Text } from 'ink'
import { describeRecord, formatStatus, formatTime } from '../describe.js'
import { safe } from '../escape.js'
import { idpNames } from '../person.js'
import { statusTone } from './lines.js'
import type { Item, PersonRow } from './model.js'
import type { Cursor } from './state.js'
import { Title } from './Title.js'
import { levelMark, levelTone, toneProps } from './theme.js'

export interface TimelineProps {
  row: PersonRow | undefined
  items: readonly Item[]
  cursor: Cursor
  height: number
  width: number
  focused: boolean
  colors: boolean
}

function ItemRow({ item, wide, colors }: { item: Item; wide: boolean; colors: boolean }) {
  if (item.kind === 'finding') {
    const f = item.finding
    return (
      <>
        <Text {...toneProps(levelTone(f.severity), colors)}>
          {levelMark(f.severity)} {f.rule}
        </Text>
        {` — ${safe(f.title, 300)}`}
      </>
    )
  }
  if (item.kind === 'attribute') {
    const p = item.provenance
    return (
      <>
        {`@ ${item.name.padEnd(10)} ${safe(String(p.value), 200)}`}
        {p.ignored.length > 0 ? (
          <Text {...toneProps('warning', colors)}>{`  ${p.ignored.length} ignored`}</Text>
        ) : null}
      </>
    )
  }
  const { record, state } = item.entry
  const time = formatTime(record.time)
  return (
    <>
      <Text {...toneProps(levelTone(item.level), colors)}>{levelMark(item.level)}</Text>
      {` ${wide ? time : time.slice(5)} ${record.method.padEnd(6)} `}
      <Text {...toneProps(statusTone(record.status), colors)}>{formatStatus(record.status).padStart(4)}</Text>
      {` ${state.padEnd(11)} ${idpNames([record.idp]).padEnd(8)} ${describeRecord(record, 200)}`}
    </>
  )
}

export function Timeline({ row, items, cursor, height, width, focused, colors }: TimelineProps) {
  const visible = items.slice(cursor.top, cursor.top + height)
  const title = row
    ? `Timeline · ${row.label} · ${row.group} · ${row.person.requests} requests, ${row.person.failures} failed`
    : 'Timeline'
  const wide = width >= 90
  return (
    <Box flexDirection="column" width={width}>
      <Title text={title} focused={focused} width={width} />
      {row === undefined ? <Text dimColor={colors}> select a person</Text> : null}
      {visible.map((item, i) => {
        const selected = cursor.top + i === cursor.index
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a windowed row is its position in the list
          <Text key={cursor.top + i} wrap="truncate-end" inverse={selected && focused}>
            {selected ? '›' : ' '}
            <ItemRow item={item} wide={wide} colors={colors} />
          </Text>
        )
      })}
    </Box>
  )
}
