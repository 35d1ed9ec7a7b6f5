/**
 * Format detection from an input's first bytes (never the whole input).
 *
 * Rules, in order (see `detectFormat`):
 * - gzip is recognised by its magic bytes `1f 8b`, not by name; the inner format is detected on inflated bytes.
 * - text starting with `[` is a JSON document (`es-json`).
 * - text starting with `{`: the first complete lines are parsed; an object with `rawResponse` or `hits.hits` is
 *   `es-json`; with a `json` object, `json.*` keys, `_source`, or hit `fields` it is `kibana-ndjson`; with
 *   `time`/`path`/`method` it is `api-json`. A first line that is not JSON by itself (a pretty-printed
 *   document) is `es-json`.
 * - a first line that is a CSV header naming `json.*` or `@timestamp` columns is `kibana-csv`.
 * - lines with a text prefix before a JSON object (Kubernetes `… stdout F {…}`) are `api-json`.
 * - anything else is `unknown` (read as `api-json`, tallied as `unknown`).
 */
import { constants, gunzipSync } from 'node:zlib'
import type { DetectedFormat } from './types.js'

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

/** Detect the format of (already inflated) bytes. */
export function detectFormat(head: Uint8Array, options: DetectOptions = {}): DetectedFormat {
  let text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (text.slice(0, 4096).includes('\u0000')) return 'unknown' // binary
  const start = text.search(/\S/)
  if (start < 0) return 'api-json' // empty or blank: nothing to read, no reason to warn
  const lines = completeLines(text.slice(start), options.complete ?? false)
  if (text[start] === '[') return 'es-json'
  if (text[start] === '{') return detectJsonLines(text.slice(start), lines)
  const first = lines[0] ?? text.slice(start)
  if (looksLikeCsvHeader(first)) return 'kibana-csv'
  if (lines.slice(0, MAX_PROBE_LINES).some(isPrefixedApiLine)) return 'api-json'
  if (lines.length === 0 && isPrefixedApiLine(first)) return 'api-json'
  return 'unknown'
}

function completeLines(text: string, complete: boolean): string[] {
  const lines = text.split('\n')
  if (!complete) lines.pop() // the last piece may be cut off by the peek
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)).filter((line) => line.trim())
}

function detectJsonLines(text: string, lines: string[]): DetectedFormat {
  const [first, second] = lines
  // A first line that is not a value by itself, followed by a line that is not an object either, is one JSON
  // document spread over lines (pretty-printed). A corrupt first log line is followed by `{` lines.
  if (first !== undefined && second !== undefined && tryParse(first) === undefined) {
    if (!second.trimStart().startsWith('{')) return 'es-json'
  }
  for (const line of lines.slice(0, MAX_PROBE_LINES)) {
    const value = tryParse(line)
    if (value === undefined) continue
    if (!isObject(value)) return 'unknown'
    return classifyObject(value) ?? 'unknown'
  }
  // No complete line (one line longer than the peek), or none parsed: judge by the first keys.
  return classifyByText(text)
}

export function classifyObject(value: Record<string, unknown>): DetectedFormat | undefined {
  if ('rawResponse' in value) return 'es-json'
  if (isObject(value.hits) && Array.isArray(value.hits.hits)) return 'es-json'
  if (Array.isArray(value.responses)) return 'es-json'
  if (isObject(value.json) || Object.keys(value).some((key) => key.startsWith('json.')))
    return 'kibana-ndjson'
  if (isObject(value._source)) return 'kibana-ndjson'
  if (isObject(value.fields) && ('_id' in value || '_index' in value)) return 'kibana-ndjson'
  if ('time' in value || 'path' in value || 'method' in value) return 'api-json'
  return undefined
}

function classifyByText(text: string): DetectedFormat {
  const start = text.slice(0, 4096)
  if (/^\{\s*"(?:took|timed_out|_shards|hits|rawResponse|id|isPartial|isRunning|responses)"/.test(start)) {
    return 'es-json'
  }
  if (/"(?:_source|json)"\s*:\s*\{|"json\.[^"]*"\s*:/.test(start)) return 'kibana-ndjson'
  if (/"(?:time|path|method)"\s*:/.test(start)) return 'api-json'
  return 'unknown'
}

/** A header row naming Kibana fields: `@timestamp,json.path,…` or `Path (json.path);…`. */
export function looksLikeCsvHeader(line: string): boolean {
  if (line.includes('{')) return false
  return line
    .split(/[,;]/)
    .map((cell) => cell.trim().replace(/^"|"$/g, ''))
    .some((cell) => /^(?:@timestamp$|json\.)|\((?:@timestamp|json\.[^()]*)\)$/.test(cell))
}

/** `2024-05-14T09:12:03.1Z stdout F {"time":…}`: a log line behind a text prefix. */
function isPrefixedApiLine(line: string): boolean {
  const brace = line.indexOf('{')
  if (brace <= 0) return false
  const value = tryParse(line.slice(brace))
  if (value !== undefined) return isObject(value) && classifyObject(value) === 'api-json'
  return /^\{\s*"(?:time|severity|status|method|path)"\s*:/.test(line.slice(brace))
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
