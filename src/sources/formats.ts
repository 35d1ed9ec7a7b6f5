/**
 * The input formats, in detection order: a new format is one definition (`format.ts`) beside its reader and
 * one line here. Detection asks each format in this order and the first that recognises an input names it,
 * so specific shapes come before general ones: an export's object may carry `time` or `path` too, and only
 * an object no export claims is an api_json line.
 */
import { apiJsonFormat } from './api-log/format.js'
import { esJsonFormat } from './exports/es-json.js'
import { kibanaCsvFormat } from './exports/kibana-csv.js'
import { kibanaNdjsonFormat } from './exports/ndjson.js'
import type { InputFormatDefinition } from './format.js'

export const FORMATS = [esJsonFormat, kibanaNdjsonFormat, kibanaCsvFormat, apiJsonFormat] as const

export type FormatName = (typeof FORMATS)[number]['name']

/** What an input is read as when detection cannot place it (its reader skips and counts what it cannot use). */
export const FALLBACK_FORMAT: FormatName = 'api-json'

export function formatNamed(name: FormatName): InputFormatDefinition {
  const format = FORMATS.find((candidate) => candidate.name === name)
  if (!format) throw new Error(`no input format '${name}'`)
  return format
}

/** The `--input-format` choices: `auto` detects per input. */
export const INPUT_FORMATS = ['auto', ...FORMATS.map((format) => format.name)] as const as readonly [
  'auto',
  ...FormatName[],
]
export type InputFormat = 'auto' | FormatName

/**
 * What detection found for one input. `unknown` inputs are still read as `FALLBACK_FORMAT`, but the format is
 * recorded as `unknown` in the source tally so the CLI can warn.
 */
export type DetectedFormat = FormatName | 'unknown'
