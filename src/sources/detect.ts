/**
 * Format detection from an input's first bytes (never the whole input).
 *
 * - gzip is recognised by its magic bytes `1f 8b`, not by name; the inner format is detected on inflated bytes.
 * - binary text is `unknown`; blank text is the fallback format (nothing to read, nothing to warn about).
 * - the formats in `formats.ts` are then asked in order (`FormatSniff` says which test runs when); when none
 *   recognises the text it is `unknown` (read as the fallback format, tallied as `unknown`).
 */
import { constants, gunzipSync } from 'node:zlib'
import type { FormatHead } from './format.js'
import { type DetectedFormat, FALLBACK_FORMAT, FORMATS, type FormatName } from './formats.js'

/** How many bytes detection looks at. Enough for dozens of log lines, small enough to never matter. */
export const PEEK_BYTES = 64 * 1024

/** How many lines detection tries before giving up on finding a parseable one. */
const MAX_PROBE_LINES = 20

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b
}

/**
 * Inflate the start of a gzip stream, for detection only. A truncated stream is fine (sync flush); a
 * highly compressible one is retried with a shorter prefix so a few KB cannot expand into gigabytes.
 */
export function inflateHead(head: Buffer): Buffer {
  for (const compressedBytes of [16 * 1024, 1024]) {
    try {
      const inflated = gunzipSync(head.subarray(0, compressedBytes), {
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: 16 * 1024 * 1024,
      })
      return inflated.subarray(0, PEEK_BYTES)
    } catch {
      // too large or corrupt: try a shorter prefix, then give up (the reader will report a corrupt stream)
    }
  }
  return Buffer.alloc(0)
}

export interface DetectOptions {
  /** True when `head` is the whole input, so its last line is complete even without a newline. */
  complete?: boolean
}

/** Detect the format of (already inflated) bytes: the first format in `FORMATS` whose tests hold. */
export function detectFormat(head: Uint8Array, options: DetectOptions = {}): DetectedFormat {
  let text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (text.slice(0, 4096).includes('\u0000')) return 'unknown' // binary
  const start = text.search(/\S/)
  if (start < 0) return FALLBACK_FORMAT // empty or blank: nothing to read, no reason to warn
  const formatHead: FormatHead = {
    text: text.slice(start),
    lines: completeLines(text.slice(start), options.complete ?? false),
    classify: classifyObject,
  }
  if (text[start] === '{') return detectJson(formatHead)
  return FORMATS.find((format) => format.sniff.text?.(formatHead))?.name ?? 'unknown'
}

/** The format an object parsed from one input line belongs to, if any. */
export function classifyObject(value: Record<string, unknown>): FormatName | undefined {
  return FORMATS.find((format) => format.sniff.object?.(value))?.name
}

function completeLines(text: string, complete: boolean): string[] {
  const lines = text.split('\n')
  if (!complete) lines.pop() // the last piece may be cut off by the peek
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)).filter((line) => line.trim())
}

function detectJson(head: FormatHead): DetectedFormat {
  const document = FORMATS.find((format) => format.sniff.document?.(head))
  if (document) return document.name
  for (const line of head.lines.slice(0, MAX_PROBE_LINES)) {
    const value = tryParse(line)
    if (value === undefined) continue
    if (!isObject(value)) return 'unknown'
    return classifyObject(value) ?? 'unknown'
  }
  // No complete line (one line longer than the peek), or none parsed: judge by the first keys.
  const start = head.text.slice(0, 4096)
  return FORMATS.find((format) => format.sniff.keys?.(start))?.name ?? 'unknown'
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
