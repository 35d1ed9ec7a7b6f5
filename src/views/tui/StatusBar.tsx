/**
 * The status bar: sources, the time range covered, counts (people, requests, skipped lines), the active
 * filter and sort; while the input is still being read, how far reading has got comes first. When the line is too long for the terminal the sources are shown by file name first,
 * since the filter and counts matter more than the directory the logs sit in; then it is cut with an ellipsis.
 */
import { basename } from 'node:path'
import { Box, Text } from 'ink'
import { formatTime } from '../describe.js'
import { formatCount } from '../summary.js'
import { progressSummary } from './Loading.js'
import type { Progress } from './load.js'
import type { Model } from './model.js'

export interface StatusBarProps {
  model: Model
  shown: number
  filter: string
  onlyFindings: boolean
  sortName: string
  width: number
  following: boolean
  /** Set while reading goes on: the model holds only what has been read so far. */
  progress?: Progress | undefined
}

type StatusFacts = Omit<StatusBarProps, 'width'>

/** The status line for a bar `width` columns wide (unbounded when omitted). */
export function statusText(facts: StatusFacts & { width?: number }): string {
  const wide = statusLine(describeSources(facts.model.sources), facts)
  // One column goes to the leading space the bar pads with.
  if (facts.width === undefined || wide.length + 1 <= facts.width) return wide
  const names = facts.model.sources.map((source) => basename(source) || source)
  return statusLine(describeSources(names), facts)
}

function describeSources(sources: readonly string[]): string {
  return sources.length <= 2 ? sources.join(', ') : `${sources[0]} +${sources.length - 1}`
}

function statusLine(
  sources: string,
  { model, shown, filter, onlyFindings, sortName, following, progress }: StatusFacts,
) {
  const a = model.analysis.accounting
  const range = model.from
    ? `${formatTime(model.from)} → ${formatTime(model.to ?? model.from)}`
    : 'no requests'
  const people =
    shown === model.rows.length
      ? formatCount(shown)
      : `${formatCount(shown)}/${formatCount(model.rows.length)}`
  const parts = [
    ...(progress ? [progressSummary(progress)] : []),
    sources || 'no input',
    range,
    `${people} people`,
    `${formatCount(a.scim)} requests`,
    `skipped ${formatCount(a.skipped)}`,
  ]
  if (filter !== '') parts.push(`filter ${filter}`)
  if (onlyFindings) parts.push('with findings')
  parts.push(`sort ${sortName}`)
  if (following) parts.push('following')
  return parts.join(' · ')
}

export function StatusBar(props: StatusBarProps) {
  return (
    <Box width={props.width}>
      <Text inverse wrap="truncate-end">
        {` ${statusText(props)}`.padEnd(props.width)}
      </Text>
    </Box>
  )
}
