/**
 * What `y` copies and `o` writes: a request as JSON, a finding or a person as Markdown, built by the same
 * renderers as `search --format json`, `explain` and `report --format markdown`. The clipboard is set with
 * OSC 52, whose payload is base64 of text with every control character already escaped.
 */

import { coveredRecords } from '../../diagnosis/support.js'
import type { Finding } from '../../diagnosis/types.js'
import type { ScimRecord } from '../../records/types.js'
import { PLAIN } from '../color.js'
import { escapeControl } from '../escape.js'
import { renderFinding } from '../findings.js'
import { md, renderMarkdownReport } from '../markdown.js'
import { recordJson } from '../model.js'
import { renderTimeline } from '../person.js'
import type { Item, Model, PersonRow } from './model.js'

// The line breaks of the indentation stay (inside strings JSON has escaped them already).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what must not reach the terminal
const UNSAFE_IN_JSON = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** JSON with every control, separator and bidi character as a `\uXXXX` escape: the same value, inert text. */
export function inertJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    UNSAFE_IN_JSON,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

export function requestJson(record: ScimRecord): string {
  return `${inertJson(recordJson(record))}\n`
}

/** A fence longer than any run of backticks in the text, so log values cannot close it. */
function fenced(text: string): string {
  let longest = 2
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length)
  const fence = '`'.repeat(longest + 1)
  return `${fence}text\n${text.replace(/\n$/, '')}\n${fence}\n`
}

export function findingMarkdown(finding: Finding): string {
  return `### \`${finding.rule}\` — ${md(finding.title, 300)}\n\n${fenced(renderFinding(finding, PLAIN, 100))}`
}

/**
 * The person's Markdown: `report --format markdown` of this person alone (attributes, findings with evidence,
 * fix and docs), followed by their timeline as `timeline` prints it.
 */
export function personMarkdown(model: Model, row: PersonRow): string {
  const person = row.person
  const own = model.analysis.diagnosis.byPerson.get(person.key) ?? []
  const covered = new Set(person.timeline.map((entry) => entry.record))
  const groupFindings = model.groupFindings.filter((f) => coveredRecords(f).some((r) => covered.has(r)))
  const report = renderMarkdownReport({
    timelines: { people: [person], unattributed: [], records: person.timeline.map((e) => e.record) },
    byPerson: new Map([[person.key, own]]),
    groupFindings,
    accounting: model.analysis.accounting,
    redacted: false,
    gitlab: model.analysis.gitlab,
  })
  return `${report}\n## Timeline\n\n${fenced(renderTimeline(person, PLAIN))}`
}

/** The text `y` copies for the selection, and what to call it in the message. */
export function copyText(
  model: Model,
  row: PersonRow | undefined,
  item: Item | undefined,
): { text: string; what: string } | undefined {
  if (item?.kind === 'request') return { text: requestJson(item.entry.record), what: 'request as JSON' }
  if (item?.kind === 'finding') return { text: findingMarkdown(item.finding), what: 'finding as Markdown' }
  if (row) return { text: personMarkdown(model, row), what: 'person as Markdown' }
  return undefined
}

/** The OSC 52 sequence that puts `text` on the clipboard. Base64 carries no control characters itself. */
export function osc52(text: string): string {
  // Line breaks are kept; every other control character becomes visible text (the texts are escaped already).
  const inert = text.split(/\r?\n/).map(escapeControl).join('\n')
  return `\u001b]52;c;${Buffer.from(inert, 'utf8').toString('base64')}\u0007`
}
