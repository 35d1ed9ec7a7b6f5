/**
 * While the input is read: bytes (or a cluster's documents) read of the total, requests per second and the
 * time left. This view shows only until the first requests are analysed; then the explorer shows what has
 * been read so far, with the same figures in its status bar (`progressSummary`) until reading ends.
 */
import { Box, Text } from 'ink'
import { formatBytes, formatCount } from '../summary.js'
import type { Progress } from './load.js'

function amount(progress: Progress, value: number): string {
  return progress.unit === 'bytes' ? formatBytes(value) : `${formatCount(value)} documents`
}

/** `256.0 MiB of 1.0 GiB (25%)`, or `1,200 of 4,000 documents (30%)`, or what is known of it. */
function readText(progress: Progress): string {
  const { total } = progress
  if (total === undefined || total <= 0) return amount(progress, progress.done)
  const percent = Math.min(100, Math.floor((progress.done / total) * 100))
  const done = progress.unit === 'bytes' ? formatBytes(progress.done) : formatCount(progress.done)
  return `${done} of ${amount(progress, total)} (${percent}%)`
}

function rateText(progress: Progress): string {
  const seconds = progress.elapsedMs / 1000
  return formatCount(Math.round(seconds > 0 ? progress.requests / seconds : 0))
}

/** Seconds left at the rate so far, when the total is known. */
function etaSeconds(progress: Progress): number | undefined {
  const { total } = progress
  if (total === undefined || progress.done <= 0 || progress.phase !== 'reading') return undefined
  return Math.max(0, Math.ceil(((total - progress.done) / progress.done) * (progress.elapsedMs / 1000)))
}

export function progressText(progress: Progress | undefined): string[] {
  if (!progress) return ['reading…']
  const eta = etaSeconds(progress)
  return [
    progress.phase === 'reading' ? 'reading…' : 'building timelines and diagnosing…',
    `${readText(progress)} · ${formatCount(progress.lines)} lines`,
    `${formatCount(progress.requests)} SCIM requests · ${rateText(progress)}/s${eta === undefined ? '' : ` · about ${eta} s left`}`,
  ]
}

/**
 * `· 8 s so far (up to about 25 s)` of the final analysis. The bound is the last partial analysis's cost
 * scaled by the requests; partial analyses ran beside reading, so it is high (a million requests: 25 s
 * foretold, 14 s taken). A share done from the engine's steps was tried and was worse: the steps of a stage
 * grow with people, who are nearly all there in a partial analysis, not with requests.
 */
function analysisText(progress: Progress): string {
  const analysis = progress.analysis
  if (!analysis) return ''
  const sofar = Math.floor(analysis.doneMs / 1000)
  if (analysis.doneMs >= analysis.expectedMs) return ` · ${sofar} s so far`
  return ` · ${sofar} s so far (up to about ${Math.ceil(analysis.expectedMs / 1000)} s)`
}

/** One line for the status bar while the explorer shows a partial result. */
export function progressSummary(progress: Progress): string {
  if (progress.phase === 'analysing')
    return `diagnosing all ${formatCount(progress.requests)} requests…${analysisText(progress)}`
  const eta = etaSeconds(progress)
  return `reading ${readText(progress)} · ${rateText(progress)} requests/s${eta === undefined ? '' : ` · ETA ${eta} s`}`
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
