/**
 * A pane's title line: marked `▸` and inverse when the pane has the focus, so the focus shows without colour
 * (and in a plain capture of the screen).
 */
import { Text } from 'ink'

export function Title({ text, focused, width }: { text: string; focused: boolean; width: number }) {
  return (
    <Text inverse={focused} bold wrap="truncate-end">
      {`${focused ? '▸' : ' '} ${text}`.padEnd(Math.max(0, width))}
    </Text>
  )
}
