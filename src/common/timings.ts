/**
 * Where a run spends its time, for `SCIMTRACE_TIMINGS=1`: each stage marks when it ends, and the CLI prints
 * the marks on stderr at the end (milliseconds since the process started, and since the previous mark).
 * Off by default, and then nearly free: one property check per mark.
 */
const marks: [string, number][] = []
let enabled = false

export function enableTimings(on: boolean): void {
  enabled = on
}

/** Note that `label` has just finished. */
export function mark(label: string): void {
  if (enabled) marks.push([label, performance.now()])
}

/** The marks as one line, e.g. `timings: read 212 ms (+170) · timelines 260 ms (+48) · …`. */
export function formatTimings(): string | undefined {
  if (!enabled || marks.length === 0) return undefined
  let previous = 0
  const parts = marks.map(([label, at]) => {
    const part = `${label} ${at.toFixed(0)} ms (+${(at - previous).toFixed(0)})`
    previous = at
    return part
  })
  return `timings: ${parts.join(' · ')}`
}
