/**
 * A small line splitter for export files, with a bound on line length so one runaway line cannot hold
 * the whole input in memory. (The hot api_json path has its own scanner in `../api-log/`.)
 */

import { MAX_LINE_BYTES } from '../limits.js'

export type Line = { number: number; text: string; tooLong?: false } | { number: number; tooLong: true }

/** Yield each line (1-based number, without `\n` or `\r\n`), or a marker for a line over `maxBytes`. */
export async function* splitLines(
  chunks: AsyncIterable<Buffer>,
  maxBytes: number = MAX_LINE_BYTES,
): AsyncGenerator<Line> {
  let parts: Buffer[] = []
  let size = 0
  let tooLong = false
  let number = 0
  const finish = (): Line => {
    number++
    if (tooLong) return { number, tooLong: true }
    let text = Buffer.concat(parts, size).toString('utf8')
    if (text.endsWith('\r')) text = text.slice(0, -1)
    return { number, text }
  }
  for await (const chunk of chunks) {
    let start = 0
    for (;;) {
      const newline = chunk.indexOf(0x0a, start)
      const end = newline < 0 ? chunk.length : newline
      if (!tooLong) {
        if (size + end - start > maxBytes) {
          tooLong = true // stop buffering; keep scanning for the newline that ends it
          parts = []
        } else if (end > start) parts.push(chunk.subarray(start, end))
        size += end - start
      }
      if (newline < 0) break
      yield finish()
      parts = []
      size = 0
      tooLong = false
      start = newline + 1
    }
  }
  if (size > 0 || tooLong) yield finish()
}
