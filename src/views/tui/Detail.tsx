/**
 * The detail pane: the selected request, finding or attribute in full (lines from `detail.ts`, already
 * wrapped to the pane), scrolled by its own cursor; Enter on a `{`/`[` line folds or unfolds it.
 */
import { Box, Text } from 'ink'
import type { Line } from './lines.js'
import type { Cursor } from './state.js'
import { Title } from './Title.js'
import { toneProps } from './theme.js'

export interface DetailProps {
  title: string
  lines: readonly Line[]
  cursor: Cursor
  height: number
  width: number
  focused: boolean
  colors: boolean
}

export function Detail({ title, lines, cursor, height, width, focused, colors }: DetailProps) {
  const visible = lines.slice(cursor.top, cursor.top + height)
  const more =
    lines.length > height ? ` · ${cursor.top + 1}-${cursor.top + visible.length}/${lines.length}` : ''
  return (
    <Box flexDirection="column" width={width}>
      <Title text={`${title}${more}`} focused={focused} width={width} />
      {visible.map((line, i) => {
        const selected = focused && cursor.top + i === cursor.index
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a windowed row is its position in the list
          <Text key={cursor.top + i} wrap="truncate-end" inverse={selected}>
            {line.fold ? (selected ? '▾' : ' ') : ' '}
            <Text {...toneProps(line.tone, colors)}>{line.text === '' ? ' ' : line.text}</Text>
          </Text>
        )
      })}
    </Box>
  )
}
