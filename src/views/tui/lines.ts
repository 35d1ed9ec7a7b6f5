/**
 * What the detail pane shows, as plain escaped lines: a request (its fields and decoded params as foldable
 * JSON), a finding (the text `explain` prints, from `views/findings.ts`), or an attribute (the lines
 * `explain` prints for it, from `views/person.ts`, and the request that set it). Values are shown whole
 * here (the lists cut them), wrapped to the pane.
 */
import { pushAll } from '../../common/arrays.js'
import type { Finding } from '../../diagnosis/types.js'
import type { ScimRecord } from '../../records/types.js'
import type { AttributeName, AttributeProvenance, Person, TimelineEntry } from '../../timelines/types.js'
import { PLAIN } from '../color.js'
import { describeRecord, formatOrigin, formatStatus, formatTime } from '../describe.js'
import { escapeControl, safe } from '../escape.js'
import { renderFinding } from '../findings.js'
import { recordJson } from '../model.js'
import { idpNames, renderAttributes } from '../person.js'
import type { Item } from './model.js'

export type Tone = 'error' | 'warning' | 'info' | 'ok' | 'dim' | 'accent' | 'bold'

export interface Line {
  text: string
  tone?: Tone
  /** A JSON object or array that Enter folds or unfolds. */
  fold?: string
}

/** Values up to this size are shown whole (GitLab itself cuts params at 10 KB). */
const WHOLE = 100_000

export function statusTone(status: number | null): Tone {
  return status === null || status >= 400 ? 'error' : 'ok'
}

function field(name: string, value: string | undefined, tone?: Tone): Line[] {
  if (value === undefined || value === '') return []
  const line: Line = { text: `${name.padEnd(12)}${value}` }
  if (tone) line.tone = tone
  return [line]
}

/** Pretty-printed JSON with every object and array foldable by its path; folded ones show one summary line. */
export function jsonLines(
  value: unknown,
  folded: ReadonlySet<string>,
  path = '$',
  indent = '',
  label = '',
): Line[] {
  const prefix = `${indent}${label}`
  if (value === null || typeof value !== 'object') {
    return [{ text: `${prefix}${escapeControl(JSON.stringify(value) ?? String(value)).slice(0, WHOLE)}` }]
  }
  const isArray = Array.isArray(value)
  const entries: [string, unknown][] = isArray
    ? (value as unknown[]).map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
  const [open, close] = isArray ? ['[', ']'] : ['{', '}']
  if (entries.length === 0) return [{ text: `${prefix}${open}${close}` }]
  if (folded.has(path)) {
    const what = isArray
      ? `${entries.length} item${entries.length === 1 ? '' : 's'}`
      : `${entries.length} keys`
    return [{ text: `${prefix}${open}… ${what}${close}  ▸`, fold: path, tone: 'dim' }]
  }
  const lines: Line[] = [{ text: `${prefix}${open}`, fold: path }]
  for (const [key, child] of entries) {
    const childLabel = isArray ? '' : `${escapeControl(JSON.stringify(key))}: `
    pushAll(lines, jsonLines(child, folded, `${path}.${key}`, `${indent}  `, childLabel))
  }
  lines.push({ text: `${indent}${close}` })
  return lines
}

/** The decoded params worth showing: the SCIM body without its empty parts, and GitLab's reading of a PATCH. */
function params(record: ScimRecord): Record<string, unknown> {
  const json = recordJson(record)
  const body = { ...(json.body as Record<string, unknown>) }
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) delete body[key]
    else if (Array.isArray(value) && value.length === 0) delete body[key]
    else if (value !== null && typeof value === 'object' && Object.keys(value).length === 0) delete body[key]
  }
  const out: Record<string, unknown> = { params: body }
  if (json.patch !== undefined) out.patch = json.patch
  return out
}

export function requestLines(record: ScimRecord, folded: ReadonlySet<string>, entry?: TimelineEntry): Line[] {
  const lines: Line[] = [
    {
      text: `${record.method} ${safe(record.path, WHOLE)} → ${formatStatus(record.status)}`,
      tone: statusTone(record.status),
    },
    ...field('time', `${formatTime(record.time)} UTC`),
    ...field('action', describeRecord(record, WHOLE)),
    ...field('idp', `${idpNames([record.idp])} (${record.idpEvidence})`),
  ]
  if (entry)
    pushAll(
      lines,
      field('state after', `${entry.state}${entry.effect ? ` — ${safe(entry.effect, WHOLE)}` : ''}`),
    )
  pushAll(lines, field('origin', safe(formatOrigin(record.origin), WHOLE), 'accent'))
  pushAll(
    lines,
    field('correlation', record.correlationId === undefined ? undefined : safe(record.correlationId, WHOLE)),
  )
  pushAll(
    lines,
    field('user agent', record.userAgent === undefined ? undefined : safe(record.userAgent, WHOLE)),
  )
  pushAll(lines, field('remote ip', record.remoteIp === undefined ? undefined : safe(record.remoteIp, WHOLE)))
  pushAll(lines, field('duration', record.durationS === undefined ? undefined : `${record.durationS} s`))
  if (record.paramsTruncated)
    lines.push({ text: 'GitLab cut these params at 10 KB (truncated)', tone: 'warning' })
  if (record.filteredKeys.length > 0)
    lines.push({ text: `masked: ${record.filteredKeys.map((k) => safe(k, 80)).join(', ')}`, tone: 'dim' })
  lines.push({ text: '' })
  pushAll(lines, jsonLines(params(record), folded))
  return lines
}

/** `explain`'s text for a finding, its paragraphs wrapped by `renderFinding` itself to fit `width`. */
export function findingLines(finding: Finding, width = 100, people?: number): Line[] {
  const text = renderFinding(finding, PLAIN, Math.max(20, width - 14)).replace(/\n$/, '')
  const tone: Tone =
    finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'info'
  const lines: Line[] = text.split('\n').map((line, i) => (i === 0 ? { text: line, tone } : { text: line }))
  if (people !== undefined) lines.push({ text: `  people    ${people} concerned`, tone: 'dim' })
  return lines
}

export function attributeLines(person: Person, name: AttributeName, provenance: AttributeProvenance): Line[] {
  // `explain`'s own lines for this attribute (and its ignored attempts), without the table's title.
  const [, ...rendered] = renderAttributes({ ...person, attributes: { [name]: provenance } }, PLAIN)
    .replace(/\n$/, '')
    .split('\n')
  const setBy = provenance.setBy
  return [
    { text: `${name} = ${safe(String(provenance.value), WHOLE)}`, tone: 'bold' },
    ...field('from', safe(provenance.from, WHOLE)),
    ...field(
      'set by',
      `${formatTime(setBy.time)} ${setBy.method} ${describeRecord(setBy, WHOLE)} → ${formatStatus(setBy.status)}`,
    ),
    ...field('origin', safe(formatOrigin(setBy.origin), WHOLE), 'accent'),
    {
      text:
        provenance.ignored.length === 0
          ? 'no later request tried to change it'
          : `${provenance.ignored.length} later attempt${provenance.ignored.length === 1 ? '' : 's'} without effect:`,
      tone: provenance.ignored.length === 0 ? 'dim' : 'warning',
    },
    // `explain`'s own wording for each ignored attempt (why it had no effect, and where).
    ...rendered
      .filter((text) => text.includes('↳'))
      .map((text): Line => ({ text: text.trim(), tone: 'warning' })),
  ]
}

export function itemLines(item: Item, person: Person, folded: ReadonlySet<string>, width = 100): Line[] {
  if (item.kind === 'request') return requestLines(item.entry.record, folded, item.entry)
  if (item.kind === 'finding') return findingLines(item.finding, width)
  return attributeLines(person, item.name, item.provenance)
}

/**
 * Fit lines to `width` columns, breaking at a space where one is near the end and continuing on the next
 * line (indented), so the pane knows exactly how many rows it has.
 */
export function wrapLines(lines: readonly Line[], width: number): Line[] {
  const out: Line[] = []
  const w = Math.max(8, width)
  for (const line of lines) {
    let chars = Array.from(line.text)
    if (chars.length <= w) {
      out.push(line)
      continue
    }
    const indent = /^\s*/.exec(line.text)?.[0].length ?? 0
    const pad = ' '.repeat(Math.min(indent + 2, Math.floor(w / 2)))
    const { fold: _fold, ...rest } = line
    let first = true
    while (chars.length > 0) {
      const room = first ? w : w - pad.length
      let cut = Math.min(chars.length, room)
      if (cut < chars.length) {
        const space = chars.lastIndexOf(' ', cut)
        if (space > room / 2) cut = space + 1
      }
      const text = chars.slice(0, cut).join('').trimEnd()
      out.push(first ? { ...line, text } : { ...rest, text: pad + text })
      chars = chars.slice(cut)
      first = false
    }
  }
  return out
}
