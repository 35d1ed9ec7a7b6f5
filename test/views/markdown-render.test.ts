/**
 * D7 of the reliability probe: the Markdown report rendered by a real CommonMark + GFM-tables renderer
 * (markdown-it, raw HTML on, as GitLab and GitHub tickets render it). A `|` inside a backtick span split the
 * attributes table's cells and let `<img src=https://attacker…>` through as a live tracking pixel.
 * Every table row must keep its header's cell count, no token may be raw HTML, and values read back whole.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import MarkdownIt from 'markdown-it'
import { afterAll, describe, expect, it } from 'vitest'
import { scimtrace } from '../cli/run.js'

const dir = mkdtempSync(join(tmpdir(), 'scimtrace-md-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const HOSTILE = [
  'e1|<img src=https://attacker.example/t.png>',
  'J|<img src=https://attacker.example/pixel.png>',
  '</td><script>alert(1)</script>',
  '<b>bold</b>',
  '[x](javascript:alert(1))',
  '# heading',
  '<details open>',
  'back`tick`s',
  'a\\|b',
  '&lt;img src=x&gt;',
  '<!-- comment -->',
  '*star* _under_ ~~strike~~',
]

function line(doc: Record<string, unknown>): string {
  return JSON.stringify({ time: '2024-05-14T09:00:00Z', ...doc })
}

const g = '/api/scim/v2/groups/g/Users'
const [uid, given, script, bold, link, heading, details, ticks, pipe, entity, comment, emph] = HOSTILE
const log = [
  // The probe's repro.
  line({
    status: 201,
    method: 'POST',
    path: g,
    params: [
      { key: 'userName', value: 'jdoe' },
      { key: 'externalId', value: uid },
      { key: 'emails', value: [{ primary: true, type: 'work', value: 'jdoe@ex.example' }] },
      { key: 'name', value: { givenName: given, familyName: bold } },
    ],
  }),
  line({
    time: '2024-05-14T09:01:00Z',
    status: 204,
    method: 'PATCH',
    path: `${g}/${uid}`,
    params: [{ key: 'Operations', value: [{ op: 'replace', path: 'name.formatted', value: link }] }],
  }),
  // More hostile values in people without findings, in findings and in group-wide text.
  ...[heading, details, ticks, pipe, entity, comment, emph].map((value, i) =>
    line({
      time: `2024-05-14T09:0${i + 2}:00Z`,
      status: i % 2 === 0 ? 201 : 409,
      method: 'POST',
      path: g,
      params: [
        { key: 'userName', value },
        { key: 'externalId', value: `${value}-${i}` },
        { key: 'emails', value: [{ primary: true, type: 'work', value: `p${i}@ex.example` }] },
        { key: 'name', value: { givenName: value, familyName: value } },
      ],
    }),
  ),
  line({
    time: '2024-05-14T09:20:00Z',
    status: 400,
    method: 'GET',
    path: g,
    params: [{ key: 'filter', value: `displayName eq "${script}"` }],
  }),
].join('\n')
const file = join(dir, 'md.log')
writeFileSync(file, `${log}\n`)

const renderer = new MarkdownIt({ html: true })
type Token = ReturnType<typeof renderer.parse>[number]

function flatten(tokens: Token[]): Token[] {
  const out: Token[] = []
  for (const token of tokens) {
    out.push(token)
    if (token.children) out.push(...flatten(token.children))
  }
  return out
}

/** Each table row's cell count, per table. */
function tables(tokens: Token[]): number[][] {
  const result: number[][] = []
  let rows: number[] | undefined
  let cells = 0
  for (const token of tokens) {
    if (token.type === 'table_open') rows = []
    else if (token.type === 'table_close') {
      if (rows) result.push(rows)
      rows = undefined
    } else if (token.type === 'tr_open') cells = 0
    else if (token.type === 'th_open' || token.type === 'td_open') cells++
    else if (token.type === 'tr_close') rows?.push(cells)
  }
  return result
}

describe.each([[[] as string[]], [['--redact']]])(
  'Markdown report %j, rendered by markdown-it (D7)',
  (extra) => {
    const result = scimtrace(['report', '-q', '--format', 'markdown', ...extra, file])
    const tokens = flatten(renderer.parse(result.stdout, {}))

    it('is written', () => {
      expect(result.code).toBe(0)
      expect(result.stdout).toContain('# SCIM provisioning report')
    })

    it('holds no raw HTML', () => {
      const html = tokens.filter((t) => t.type === 'html_inline' || t.type === 'html_block')
      expect(html.map((t) => t.content)).toEqual([])
      expect(renderer.render(result.stdout)).not.toMatch(/<(img|script|b|details|td>)[\s>]/)
    })

    it('keeps every table row to its header cell count', () => {
      const found = tables(tokens)
      expect(found.length).toBeGreaterThan(0)
      for (const rows of found) expect(new Set(rows).size).toBe(1)
    })

    it('shows hostile values whole, as text', () => {
      if (extra.length > 0) return // aliases instead of values
      // Each inline run's text as a reader sees it (escapes resolved, code spans literal).
      const text = renderer
        .parse(result.stdout, {})
        .filter((t) => t.type === 'inline')
        .map((t) =>
          (t.children ?? [])
            .filter((c) => c.type === 'text' || c.type === 'text_special' || c.type === 'code_inline')
            .map((c) => c.content)
            .join(''),
        )
        .join('\n')
      for (const value of [uid, given, bold, link]) expect(text, value).toContain(value)
    })
  },
)
