/**
 * Where the panes go for a terminal size: people (and group-wide findings, when there are any) on the left,
 * the timeline above the detail on the right, a filter/message line and the status bar at the bottom.
 * Sizes are worked out here, not by flexbox, because lists render exactly the rows that fit (windowing).
 */
export interface Layout {
  width: number
  height: number
  /** Below 40×10 nothing sensible fits: the app says so instead. */
  tooSmall: boolean
  leftWidth: number
  rightWidth: number
  /** List rows of each pane, titles excluded; `groupsRows` 0 hides that pane. */
  peopleRows: number
  groupsRows: number
  timelineRows: number
  detailRows: number
}

export const MIN_WIDTH = 40
export const MIN_HEIGHT = 10

export function layout(width: number, height: number, groupFindings: number): Layout {
  const tooSmall = width < MIN_WIDTH || height < MIN_HEIGHT
  const body = Math.max(4, height - 2)
  const leftWidth = Math.max(20, Math.min(60, Math.floor(width * 0.4)))
  // One column for the separator between left and right.
  const rightWidth = Math.max(10, width - leftWidth - 1)
  const groupsTotal =
    groupFindings === 0 ? 0 : Math.min(groupFindings + 1, Math.max(3, Math.floor(body * 0.3)))
  const peopleRows = Math.max(1, body - groupsTotal - 1)
  const timelineTotal = Math.max(2, Math.floor(body * 0.45))
  return {
    width,
    height,
    tooSmall,
    leftWidth,
    rightWidth,
    peopleRows,
    groupsRows: groupsTotal === 0 ? 0 : groupsTotal - 1,
    timelineRows: timelineTotal - 1,
    detailRows: Math.max(1, body - timelineTotal - 1),
  }
}
