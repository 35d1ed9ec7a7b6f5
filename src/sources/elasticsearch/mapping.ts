/**
 * How the index maps the fields we filter on, asked once with field caps: GitLab.com has text fields with a
 * `.keyword` subfield; other clusters may have keyword-only or text-only fields, and the query must take
 * the form that works on each (`query.ts`).
 */
import type { Client } from '@elastic/elasticsearch'
import type { FieldForms } from './types.js'

const FIELDS = ['json.path', 'json.params.value', 'json.method'] as const
const NAMES = { 'json.path': 'path', 'json.params.value': 'value', 'json.method': 'method' } as const

type Caps = Record<string, Record<string, unknown>>

/** Field caps → forms. A field that is keyword in some indices and text in others counts as text. */
export function formsFromCaps(caps: Caps): FieldForms {
  const forms: FieldForms = {}
  const typesOf = (field: string) => Object.keys(caps[field] ?? {})
  for (const field of FIELDS) {
    const name = NAMES[field]
    const own = typesOf(field)
    const sub = typesOf(`${field}.keyword`)
    const exactKey = `${name}Exact` as const
    const textKey = `${name}Text` as const
    if (sub.length === 1 && sub[0] === 'keyword') forms[exactKey] = `${field}.keyword`
    else if (own.length === 1 && own[0] === 'keyword') forms[exactKey] = field
    if (own.includes('text') || own.includes('match_only_text')) forms[textKey] = field
    if (!forms[exactKey] && !forms[textKey] && own.length > 0) forms[textKey] = field
  }
  return forms
}

export async function detectForms(client: Client, index: string, signal?: AbortSignal): Promise<FieldForms> {
  const response = await client.fieldCaps(
    { index, fields: FIELDS.flatMap((field) => [field, `${field}.keyword`]) },
    signal ? { signal } : {},
  )
  return formsFromCaps(response.fields as Caps)
}
