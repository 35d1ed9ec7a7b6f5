import { render } from 'ink-testing-library'
import { expect, it } from 'vitest'
import { Detail } from '../../../src/views/tui/Detail.js'
import { jsonLines, requestLines, wrapLines } from '../../../src/views/tui/lines.js'
import { loadModel } from './helpers.js'

it('Detail shows a request whole, its params folded on demand, scrolled to its cursor', async () => {
  const model = await loadModel()
  const record = model.analysis.records.find((r) => r.method === 'POST' && r.status === 412)
  if (!record) throw new Error('no 412 in the samples')
  const open = wrapLines(requestLines(record, new Set()), 70)
  const { lastFrame, rerender } = render(
    <Detail
      title="Request"
      lines={open}
      cursor={{ index: 0, top: 0 }}
      height={40}
      width={72}
      focused
      colors={false}
    />,
  )
  expect(lastFrame()).toMatch(/^▸ Request/)
  expect(lastFrame()).toContain(`POST ${record.path} → 412`)
  expect(open.some((l) => l.text.includes(`"emails": [`))).toBe(true)
  const folded = wrapLines(requestLines(record, new Set(['$.params.emails'])), 70)
  rerender(
    <Detail
      title="Request"
      lines={folded}
      cursor={{ index: 0, top: 0 }}
      height={40}
      width={72}
      focused
      colors={false}
    />,
  )
  expect(folded.some((l) => /"emails": \[… 1 item\] {2}▸/.test(l.text))).toBe(true)
  expect(folded.length).toBeLessThan(open.length)
  expect(jsonLines({ a: [1, 2] }, new Set()).map((l) => l.text)).toEqual([
    '{',
    '  "a": [',
    '    1',
    '    2',
    '  ]',
    '}',
  ])
  const long = wrapLines([{ text: `origin      ${'x'.repeat(150)}` }], 60)
  expect(long.length).toBe(3)
  expect(
    long
      .map((l) => l.text)
      .join('')
      .replace(/\s/g, ''),
  ).toBe(`origin${'x'.repeat(150)}`)
})
