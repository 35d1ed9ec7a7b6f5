/**
 * `?`: every key, from the same table the key handler reads (`keys.ts`).
 */
import { Box, Text } from 'ink'
import { TERMS } from './filter.js'
import { KEYS } from './keys.js'

export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const lines = [
    ...KEYS.map((k) => `  ${k.keys.padEnd(11)} ${k.does}`),
    '',
    `  filter terms: ${TERMS.map((t) => `${t}:`).join(' ')} (e.g. status:4xx idp:okta since:2d)`,
    '  Esc or ? closes this help',
  ]
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold inverse>
        {' Keys'.padEnd(width)}
      </Text>
      {lines.slice(0, Math.max(0, height - 1)).map((line) => (
        <Text key={line} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  )
}
