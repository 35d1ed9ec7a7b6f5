/**
 * The JSON and NDJSON views of people and requests: the JSON contract of `views/model.ts`, one document
 * (indented on a terminal) or one compact document per line.
 */

import { guardedPersonJson } from './guarded.js'
import { jsonText, PieceWriter } from './json.js'
import { personJson, recordJson } from './model.js'
import { defineView, type ViewOutput } from './view.js'

function writeJson(out: ViewOutput, value: unknown): void {
  out.write(`${jsonText(value, out.pretty)}\n`)
}

function writeNdjson(out: ViewOutput, values: Iterable<unknown>): void {
  for (const value of values) out.write(`${jsonText(value, false)}\n`)
}

export const usersJsonView = defineView({
  model: 'users',
  format: 'json',
  render: ({ people }, out) =>
    writeJson(
      out,
      people.map((person) => personJson(person)),
    ),
})

export const usersNdjsonView = defineView({
  model: 'users',
  format: 'ndjson',
  render: ({ people }, out) =>
    writeNdjson(
      out,
      people.map((person) => personJson(person)),
    ),
})

export const searchJsonView = defineView({
  model: 'search',
  format: 'json',
  // One array, written element by element as the matches come: the same text as `jsonText` of the whole.
  render: async ({ records }, out) => {
    const writer = new PieceWriter(out)
    const pretty = out.pretty
    let first = true
    for await (const batch of records) {
      for (const record of batch) {
        const item = pretty
          ? `\n  ${JSON.stringify(recordJson(record), null, 2).replaceAll('\n', '\n  ')}`
          : JSON.stringify(recordJson(record))
        writer.add(`${first ? '[' : ','}${item}`)
        first = false
      }
      writer.flush()
    }
    writer.add(first ? '[]' : pretty ? '\n]' : ']')
    writer.end()
  },
})

export const searchNdjsonView = defineView({
  model: 'search',
  format: 'ndjson',
  render: async ({ records }, out) => {
    const writer = new PieceWriter(out)
    for await (const batch of records) {
      for (const record of batch) writer.add(`${JSON.stringify(recordJson(record))}\n`)
      writer.flush()
    }
  },
})

export const explainJsonView = defineView({
  model: 'explain',
  format: 'json',
  render: ({ person, findings }, out) =>
    writeJson(out, guardedPersonJson(person, [...findings], { timeline: true })),
})

export const timelineJsonView = defineView({
  model: 'timeline',
  format: 'json',
  render: ({ person }, out) => writeJson(out, guardedPersonJson(person, undefined, { timeline: true })),
})
