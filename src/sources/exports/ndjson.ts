/**
 * `kibana-ndjson`: one document per line, in any of the export shapes (`{"json":{…}}`, `{"json.path":…}`,
 * search hits with `_source` or `fields`). Blank lines are ignored; other lines are counted.
 */
import { defineFormat } from '../format.js'
import { MAX_LINE_BYTES } from '../limits.js'
import type { RawEntry } from '../types.js'
import { countDocument, type ExportContext, skip, toEntry } from './entries.js'
import { splitLines } from './lines.js'
import { isObject } from './to-api-log-doc.js'

export async function* readKibanaNdjson(
  chunks: AsyncIterable<Buffer>,
  context: ExportContext,
  maxLineBytes: number = MAX_LINE_BYTES,
): AsyncGenerator<RawEntry> {
  for await (const line of splitLines(chunks, maxLineBytes)) {
    const origin = { source: context.display, line: line.number }
    if (line.tooLong) {
      countDocument(context)
      skip(context, 'too-long', origin)
      continue
    }
    if (!line.text.trim()) continue
    countDocument(context)
    let value: unknown
    try {
      value = JSON.parse(line.number === 1 ? line.text.replace(/^\uFEFF/, '') : line.text)
    } catch {
      skip(context, 'invalid-json', origin)
      continue
    }
    const entry = toEntry(value, origin, context)
    if (entry) yield entry
  }
}

export const kibanaNdjsonFormat = defineFormat({
  name: 'kibana-ndjson',
  fileNames: /\.(?:ndjson|jsonl)(?:\.gz)?$/i,
  sniff: {
    object: (value) =>
      isObject(value.json) ||
      Object.keys(value).some((key) => key.startsWith('json.')) ||
      isObject(value._source) ||
      (isObject(value.fields) && ('_id' in value || '_index' in value)),
    keys: (start) => /"(?:_source|json)"\s*:\s*\{|"json\.[^"]*"\s*:/.test(start),
  },
  read: (input) => readKibanaNdjson(input.chunks(), input),
})
