/**
 * `es-json`: one JSON document holding many log documents. Accepted shapes:
 * - an Elasticsearch search response: `{hits: {hits: [{_id, _index, _source | fields}]}}`;
 * - a Kibana Inspect response: `{rawResponse: <search response>}`, or `{responses: [...]}` (msearch);
 * - an array of any of these, or an array of plain documents (`.docs.json`);
 * - a single document.
 *
 * The whole document is parsed with `JSON.parse`, so its size is capped at `MAX_JSON_BYTES` (256 MiB, well
 * under V8's string limit); beyond that the user is told to export NDJSON, which is read line by line.
 */
import { InputError } from '../../common/errors.js'
import { jsonErrorPlace } from '../../common/json-error.js'
import { defineFormat } from '../format.js'
import type { Origin, RawEntry } from '../types.js'
import { countDocument, type ExportContext, toEntry } from './entries.js'
import { isObject } from './to-api-log-doc.js'

export const MAX_JSON_BYTES = 256 * 1024 * 1024

export async function* readEsJson(
  chunks: AsyncIterable<Buffer>,
  context: ExportContext,
  maxBytes: number = MAX_JSON_BYTES,
): AsyncGenerator<RawEntry> {
  const parts: Buffer[] = []
  let size = 0
  for await (const chunk of chunks) {
    size += chunk.length
    if (size > maxBytes) {
      const limit = `${Math.round(maxBytes / 1024 / 1024)} MiB`
      throw new InputError(
        `'${context.display}' is a JSON document over ${limit}: export it as NDJSON (one document per line) instead`,
      )
    }
    parts.push(chunk)
  }
  const text = Buffer.concat(parts, size)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    // Only where: V8's message quotes the input's bytes, which may be a credential.
    throw new InputError(`cannot parse '${context.display}' as JSON: ${jsonErrorPlace(error, text)}`)
  }
  const position = { item: 0 }
  yield* walk(value, context, position)
}

/**
 * How many responses deep documents are looked for. Kibana nests two or three (`{responses: [{rawResponse:
 * …}]}`); anything deeper is taken as one document (without a path, so skipped as a wrong field type)
 * rather than followed until the stack overflows (probe D10).
 */
const MAX_RESPONSE_DEPTH = 32

/** Find the documents in a response, an array of responses, or an array of documents. */
function* walk(
  value: unknown,
  context: ExportContext,
  position: { item: number },
  depth = 0,
): Generator<RawEntry> {
  if (depth >= MAX_RESPONSE_DEPTH) return yield* document(value, context, position)
  if (Array.isArray(value)) {
    for (const element of value) {
      if (isResponse(element)) yield* walk(element, context, position, depth + 1)
      else yield* document(element, context, position)
    }
    return
  }
  if (isObject(value)) {
    if ('rawResponse' in value) return yield* walk(value.rawResponse, context, position, depth + 1)
    if (Array.isArray(value.responses)) return yield* walk(value.responses, context, position, depth + 1)
    if (isObject(value.hits) && Array.isArray(value.hits.hits)) {
      for (const hit of value.hits.hits) yield* document(hit, context, position)
      return
    }
  }
  yield* document(value, context, position)
}

function* document(value: unknown, context: ExportContext, position: { item: number }): Generator<RawEntry> {
  position.item++
  countDocument(context)
  const origin: Origin = { source: context.display, item: position.item }
  const entry = toEntry(value, origin, context)
  if (entry) yield entry
}

function isResponse(value: unknown): boolean {
  if (!isObject(value)) return false
  if ('rawResponse' in value || Array.isArray(value.responses)) return true
  return isObject(value.hits) && Array.isArray(value.hits.hits)
}

export const esJsonFormat = defineFormat({
  name: 'es-json',
  fileNames: /\.json(?:\.gz)?$/i,
  sniff: {
    text: (head) => head.text.startsWith('['),
    // A first line that is not a value by itself, followed by a line that is not an object either, is one JSON
    // document spread over lines (pretty-printed). A corrupt first log line is followed by `{` lines.
    document: ({ lines: [first, second] }) =>
      first !== undefined && second !== undefined && !parses(first) && !second.trimStart().startsWith('{'),
    object: (value) =>
      'rawResponse' in value ||
      (isObject(value.hits) && Array.isArray(value.hits.hits)) ||
      Array.isArray(value.responses),
    keys: (start) =>
      /^\{\s*"(?:took|timed_out|_shards|hits|rawResponse|id|isPartial|isRunning|responses)"/.test(start),
  },
  read: (input) => readEsJson(input.chunks(), input),
})

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}
