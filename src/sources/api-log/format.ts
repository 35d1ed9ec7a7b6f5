/**
 * `api-json`: GitLab's `api_json.log`, one JSON document per line, plain or behind a container runtime's or
 * gitlab-logger's prefix. Last in `formats.ts`: an object with `time`, `path` or `method` is a log line only
 * when no export shape claimed it, and inputs detection cannot place are read as this format.
 */
import { defineFormat, type FormatHead } from '../format.js'
import { MAX_LINE_BYTES } from '../limits.js'
import { detectContainer, readContainerLog } from './container.js'
import { readApiLog } from './index.js'
import { Selector } from './select.js'

export const apiJsonFormat = defineFormat({
  name: 'api-json',
  sniff: {
    // Lines with a text prefix before a JSON object (Kubernetes `… stdout F {…}`).
    text: (head) =>
      head.lines.slice(0, MAX_PROBE_LINES).some((line) => isPrefixedApiLine(line, head)) ||
      (head.lines.length === 0 && isPrefixedApiLine(head.text, head)),
    object: (value) => 'time' in value || 'path' in value || 'method' in value,
    keys: (start) => /"(?:time|path|method)"\s*:/.test(start),
  },
  read(input) {
    // Container runtimes' and gitlab-logger's wrappers go to their own reader (lines split in parts must be
    // joined first); plain NDJSON keeps the fast path.
    if (detectContainer(input.head)) {
      const { accounting, tally } = input
      return readContainerLog(
        input.chunks(),
        input.display,
        { accounting, tally },
        MAX_LINE_BYTES,
        Selector.of(input.selection),
      )
    }
    // A regular file is passed by path, so the reader can scan a plain one by byte ranges in parallel and
    // inflate a gzipped one in a worker.
    const { display, gzip } = input
    const source =
      input.path !== undefined
        ? { display, path: input.path, gzip }
        : { display, stream: input.bytes(), gzip }
    const { accounting, tally } = input
    return readApiLog(source, { accounting, tally }, input.selection ? { selection: input.selection } : {})
  },
})

/** How many lines detection tries before giving up on finding a prefixed one. */
const MAX_PROBE_LINES = 20

/** `2024-05-14T09:12:03.1Z stdout F {"time":…}`: a log line behind a text prefix. */
function isPrefixedApiLine(line: string, head: FormatHead): boolean {
  const brace = line.indexOf('{')
  if (brace <= 0) return false
  const value = tryParse(line.slice(brace))
  if (value !== undefined) return isObject(value) && head.classify(value) === 'api-json'
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
