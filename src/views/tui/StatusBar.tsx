/**
 * The status bar: sources, the time range covered, counts (people, requests, skipped lines), the active
 * filter and sort. Cut with an ellipsis when the terminal is narrow.
 */
import { Box, Text } from 'ink'
import { formatTime } from '../describe.js'
import { formatCount } from '../summary.js'
import type { Model } from './model.js'

export interface StatusBarProps {
  model: Model
  shown: number
  filter: string
  onlyFindings: boolean
  sortName: string
  width: number
  following: boolean
}

export function statusText({
  model,
  shown,
  filter,
  onlyFindings,
  sortName,
  following,
}: Omit<StatusBarProps, 'width'>) {
  const a = model.analysis.accounting
  const sources =
    model.sources.length <= 2 ? model.sources.join(', ') : `${model.sources[0]} +${model.sources.length - 1}`
  const range = model.from
    ? `${formatTime(model.from)} → ${formatTime(model.to ?? model.from)}`
    : 'no requests'
  const people =
    shown === model.rows.length
      ? formatCount(shown)
      : `${formatCount(shown)}/${formatCount(model.rows.length)}`
  const parts = [
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
