/**
 * Whether a plain file is made of candidate lines (ones holding `scim`), judged from its first MiB: the
 * reader's cue to read a file below `PARALLEL_MIN_BYTES` with two threads when the second one normalises
 * what it scans (`DocSelection.preparer`). On such input most of the cost is per request, not per byte, so
 * the worker's boot pays on far smaller files: `report --format json`, 3 alternated runs each, one thread
 * against two: 23 MB of SCIM requests 0.92 → 0.85 s, 231 MB 6.89 → 6.63 s, 243 MB 15.0 → 14.3 s; 117 MB in
 * four groups 4.21 → 4.29 s (equal) with peak RSS 548 → 363 MB (bench/README, "Dense files below 256 MiB").
 * A sparse file (1 % SCIM, the usual api_json.log) stays with one thread, where the boot does not pay.
 */
import { readSync } from 'node:fs'

/** How much of the start of the file is looked at. */
const SAMPLE_BYTES = 1 << 20
/** Dense input: at least one SCIM request (here, a candidate line) in this many lines. */
export const DENSE_SHARE = 10
const NEWLINE = 0x0a

export function looksDense(fd: number, size: number): boolean {
  const sample = Buffer.allocUnsafe(Math.min(SAMPLE_BYTES, size))
  let filled = 0
  while (filled < sample.length) {
    const n = readSync(fd, sample, filled, sample.length - filled, filled)
    if (n === 0) break
    filled += n
  }
  return candidateShare(sample.subarray(0, filled)) * DENSE_SHARE >= 1
}

/** The share of the whole lines in `bytes` that hold `scim` (0 when it holds no whole line). */
export function candidateShare(bytes: Buffer): number {
  let lines = 0
  let candidates = 0
  let start = 0
  // The next `scim` at or after `start`, found once for all the lines before it (-1: none left).
  let next = bytes.indexOf('scim')
  for (let end = bytes.indexOf(NEWLINE); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
    lines++
    if (next >= 0 && next < end) {
      candidates++
      next = bytes.indexOf('scim', end + 1)
    }
    start = end + 1
  }
  return lines === 0 ? 0 : candidates / lines
}
