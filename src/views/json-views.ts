/**
 * The JSON and NDJSON views of people and requests: the JSON contract of `views/model.ts`, one document
 * (indented on a terminal) or one compact document per line.
 */

import { guardedPersonJson } from './guarded.js'
import { jsonText } from './json.js'
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
  render: ({ records }, out) => writeJson(out, records.map(recordJson)),
})

export const searchNdjsonView = defineView({
  model: 'search',
  format: 'ndjson',
  render: ({ records }, out) => writeNdjson(out, records.map(recordJson)),
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
