/**
 * Stopping cleanly before V8 runs out of heap (probe D5): 3M or 10M people made the process abort with a
 * native trace and exit 134, with nothing on stdout and no accounting line. The records kept while reading
 * are what grows, so the heap is polled as they come in; past the limit (`--max-memory`, default 85 % of
 * V8's heap limit, leaving room for the later stages' first steps) the run stops with one line naming what
 * was read and how to narrow it, and exit code 6.
 */
import { getHeapStatistics } from 'node:v8'
import type { Accounting } from '../common/accounting.js'
import { EXIT, UserError } from '../common/errors.js'

export const EXIT_MEMORY = EXIT.memory

/** Records between two polls: `memoryUsage().heapUsed` costs ~1 µs, a record ~1–8 KB of heap. */
const POLL_EVERY = 2048

/** `512M`, `4G`, `1.5GiB`, `800MB` or plain bytes; undefined for anything else. */
export function parseMemory(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text)
  if (!m) return undefined
  const unit = { '': 1, k: 1 << 10, m: 1 << 20, g: 1 << 30, t: 2 ** 40 }[(m[2] ?? '').toLowerCase()] as number
  const bytes = Math.floor(Number(m[1]) * unit)
  return bytes > 0 ? bytes : undefined
}

export function defaultLimit(): number {
  return Math.floor(getHeapStatistics().heap_size_limit * 0.85)
}

export class MemoryGuard {
  private count = 0

  constructor(
    private readonly limit: number,
    private readonly heapUsed: () => number = () => process.memoryUsage().heapUsed,
  ) {}

  /** Call once per record kept; throws when the heap has passed the limit. */
  check(accounting: Accounting): void {
    if (++this.count % POLL_EVERY !== 0) return
    const used = this.heapUsed()
    if (used <= this.limit) return
    const mib = (n: number) => `${Math.round(n / 1048576).toLocaleString('en-US')} MiB`
    throw new UserError(
      `stopped reading at the memory limit (${mib(used)} of ${mib(this.limit)} heap) after ${accounting.lines.toLocaleString('en-US')} lines and ${accounting.scim.toLocaleString('en-US')} SCIM requests: narrow the input with --group, --since/--until, or the Elasticsearch source's --server-side mode, or raise --max-memory (and node's --max-old-space-size)`,
      EXIT_MEMORY,
    )
  }
}
