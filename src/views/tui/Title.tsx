/**
 * A pane's title line: inverse when the pane has the focus, so the focus shows without colour.
 */
import { Text } from 'ink'

export function Title({ text, focused, width }: { text: string; focused: boolean; width: number }) {
  return (
    <Text inverse={focused} bold wrap="truncate-end">
      {` ${text}`.padEnd(Math.max(0, width))}
    </Text>
  )
}
