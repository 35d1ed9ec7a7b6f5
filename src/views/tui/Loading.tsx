/**
 * While the input is read: bytes read of the total, requests per second and the time left. The lists appear
 * once reading and diagnosis are done (the diagnosis needs every request of a group); keys still work (q quits).
 */
import { Box, Text } from 'ink'
import { formatBytes, formatCount } from '../summary.js'
import type { Progress } from './load.js'

export function progressText(progress: Progress | undefined): string[] {
  if (!progress) return ['reading…']
  const seconds = progress.elapsedMs / 1000
  const rate = seconds > 0 ? progress.requests / seconds : 0
  const of =
    progress.totalBytes !== undefined && progress.totalBytes > 0
      ? ` of ${formatBytes(progress.totalBytes)} (${Math.min(100, Math.floor((progress.bytes / progress.totalBytes) * 100))}%)`
      : ''
  let eta = ''
  if (progress.totalBytes !== undefined && progress.bytes > 0 && progress.phase === 'reading') {
    const left = ((progress.totalBytes - progress.bytes) / progress.bytes) * seconds
    eta = ` · about ${Math.max(0, Math.ceil(left))} s left`
  }
  return [
    progress.phase === 'reading' ? 'reading…' : 'building timelines and diagnosing…',
    `${formatBytes(progress.bytes)}${of} · ${formatCount(progress.lines)} lines`,
    `${formatCount(progress.requests)} SCIM requests · ${formatCount(Math.round(rate))}/s${eta}`,
  ]
}

export function Loading({
  progress,
  width,
  sources,
}: {
  progress: Progress | undefined
  width: number
  sources: string
}) {
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <Text bold wrap="truncate-end">
        scimtrace · {sources}
      </Text>
      {progressText(progress).map((line) => (
        <Text key={line} wrap="truncate-end">
          {line}
        </Text>
      ))}
      <Text dimColor>q quits</Text>
    </Box>
  )
}
