/**
 * Group-wide findings (a revoked token, group provisioning turned on, an IdP change): their own list, since
 * they belong to no one person. Shown only when there are any.
 */
import { Box, Text } from 'ink'
import type { Finding } from '../../diagnosis/types.js'
import { safe } from '../escape.js'
import type { Cursor } from './state.js'
import { Title } from './Title.js'
import { levelMark, levelTone, toneProps } from './theme.js'

export interface GroupFindingsProps {
  findings: readonly Finding[]
  cursor: Cursor
  height: number
  width: number
  focused: boolean
  colors: boolean
}

export function GroupFindings({ findings, cursor, height, width, focused, colors }: GroupFindingsProps) {
  const visible = findings.slice(cursor.top, cursor.top + height)
  return (
    <Box flexDirection="column" width={width}>
      <Title text={`Group-wide findings ${findings.length}`} focused={focused} width={width} />
      {visible.map((finding, i) => {
        const selected = cursor.top + i === cursor.index
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a windowed row is its position in the list
          <Text key={cursor.top + i} wrap="truncate-end" inverse={selected && focused}>
            {selected ? '›' : ' '}
            <Text {...toneProps(levelTone(finding.severity), colors)}>
              {levelMark(finding.severity)} {finding.rule}
            </Text>
            {` ${safe(finding.scope ?? '', 60)} — ${safe(finding.title, 300)}`}
          </Text>
        )
      })}
    </Box>
  )
}
