/**
 * The line above the status bar: the filter being typed (with its error, if the text does not parse), the
 * file name asked for by `o`, the last message, or a hint.
 */
import { Text } from 'ink'
import { escapeControl } from '../escape.js'
import { toneProps } from './theme.js'

export interface FilterBarProps {
  filter: string
  editing: boolean
  error?: string
  matches: number
  prompt?: string
  message?: { text: string; tone: 'info' | 'error' }
  colors: boolean
}

export function FilterBar({ filter, editing, error, matches, prompt, message, colors }: FilterBarProps) {
  if (prompt !== undefined) {
    return (
      <Text wrap="truncate-start">{`write Markdown to: ${escapeControl(prompt)}█  (Enter writes, Esc cancels)`}</Text>
    )
  }
  if (editing) {
    return (
      <Text wrap="truncate-end">
        {`/${escapeControl(filter)}█  `}
        {error ? (
          <Text {...toneProps('error', colors)}>{error}</Text>
        ) : (
          <Text {...toneProps('dim', colors)}>{`${matches} match · Enter keeps · Esc clears`}</Text>
        )}
      </Text>
    )
  }
  if (message) {
    return (
      <Text wrap="truncate-end" {...toneProps(message.tone === 'error' ? 'error' : 'info', colors)}>
        {message.text}
      </Text>
    )
  }
  if (error)
    return (
      <Text wrap="truncate-end" {...toneProps('error', colors)}>{`/${escapeControl(filter)}: ${error}`}</Text>
    )
  return (
    <Text wrap="truncate-end" {...toneProps('dim', colors)}>
      {filter !== '' ? `/${escapeControl(filter)} · ` : ''}? help · / filter · e/w next error/warning · y copy
      · o write · q quit
    </Text>
  )
}
