import MarkdownIt from 'markdown-it'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderMarkdownReport } from '../../src/views/markdown.js'
import type { ReportInput } from '../../src/views/report.js'
import { analyseFiles } from '../pipeline/load.js'
import { analyseLines, HOSTILE_DOCS, reportInput } from './renderers.js'

let sample: ReportInput
let hostile: ReportInput
beforeAll(async () => {
  sample = reportInput(await analyseFiles(['samples/errors/inactive-identity.log']))
  hostile = reportInput(await analyseLines(HOSTILE_DOCS))
})

/** The headings of a Markdown document, as `level text`. */
function headings(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => line.replace(/^(#+) /, (_, hashes: string) => `${hashes.length} `))
}

describe('the Markdown report', () => {
  it('is titled by the group, with totals, then people with findings, each finding under its person', () => {
    const list = headings(renderMarkdownReport(sample))
    expect(list[0]).toBe('1 SCIM provisioning report — hooli-eng')
    expect(list).toContain('2 Totals')
    expect(list).toContain('2 People with findings')
    const person = list.indexOf('3 jian.yang@hooli.example')
    const finding = list.findIndex((h) => h.startsWith('4 ❌ `inactive-or-unlinked-identity`'))
    expect(person).toBeGreaterThan(list.indexOf('2 People with findings'))
    expect(finding).toBeGreaterThan(person)
  })

  it("gives each person an attributes table whose rows all have the header's cells", () => {
    const md = renderMarkdownReport(sample)
    const table = md.split('\n').filter((line) => line.startsWith('| '))
    expect(table[0]).toBe('| attribute | value | from | set by | later attempts without effect |')
    const rows = table.filter((line) => !line.startsWith('| ---') && !line.startsWith('| attribute'))
    expect(rows.map((row) => row.split(' | ')[0])).toEqual(
      expect.arrayContaining(['| username', '| name', '| email', '| extern_uid', '| active']),
    )
  })

  it('keeps values from the log inert: no raw HTML, no split cells, no terminal escapes', () => {
    const md = renderMarkdownReport(hostile)
    expect(md).not.toContain('\u001b')
    const tokens = new MarkdownIt({ html: true }).parse(md, {})
    const html = tokens
      .flatMap((token) => [token, ...(token.children ?? [])])
      .filter((t) => t.type.startsWith('html'))
    expect(html).toEqual([])
    for (const line of md.split('\n').filter((l) => l.startsWith('| attribute'))) {
      expect(line.split(' | ')).toHaveLength(5)
    }
  })
})
