import { render } from 'ink-testing-library'
import { describe, expect, it } from 'vitest'
import { type PersonRow, sortedRows } from '../../../src/views/tui/model.js'
import { PeopleList } from '../../../src/views/tui/PeopleList.js'
import { loadModel } from './helpers.js'

describe('PeopleList', () => {
  it('shows a badge for the worst finding, the state and the IdP of each person, and marks the cursor', async () => {
    const model = await loadModel()
    const rows = sortedRows(model, 'problems')
    const { lastFrame } = render(
      <PeopleList
        rows={rows}
        total={rows.length}
        cursor={{ index: 1, top: 0 }}
        height={5}
        width={90}
        focused
        colors={false}
        sortName="problems"
      />,
    )
    const lines = (lastFrame() ?? '').split('\n')
    expect(lines[0]).toMatch(/^▸ People 11 · problems/)
    expect(lines).toHaveLength(6)
    expect(lines[1]).toMatch(/^ ✗ jian\.yang@hooli\.example\s+deact +Okta +inactive-or-unlinked-identity/)
    expect(lines[2]).toMatch(/^›✗ laurie\.bream@endframe\.example\s+prov +Entra +user-already-taken/)
  })

  it('renders only the rows in its window, so 100,000 people draw as fast as a few', async () => {
    // 100,000 rows made from one real person (the list reads only the row's fields).
    const [template] = (await loadModel()).rows
    if (!template) throw new Error('no people in the sample')
    const rows: PersonRow[] = Array.from({ length: 100_000 }, (_, i) => {
      const n = String(i).padStart(6, '0')
      return { ...template, key: `hooli/${n}`, label: `user${n}@hooli.example` }
    })
    const started = performance.now()
    const { lastFrame, rerender } = render(
      <PeopleList
        rows={rows}
        total={rows.length}
        cursor={{ index: 50_000, top: 49_990 }}
        height={20}
        width={60}
        focused
        colors={false}
        sortName="name"
      />,
    )
    rerender(
      <PeopleList
        rows={rows}
        total={rows.length}
        cursor={{ index: 50_001, top: 49_990 }}
        height={20}
        width={60}
        focused
        colors={false}
        sortName="name"
      />,
    )
    const elapsed = performance.now() - started
    const frame = (lastFrame() ?? '').split('\n')
    expect(frame).toHaveLength(21)
    expect(frame[1]).toContain('user049990@hooli.example')
    expect(frame[12]).toMatch(/^›. user050001@hooli\.example/)
    // Generous: a render of every row would take seconds, not this.
    expect(elapsed).toBeLessThan(1000)
  })

  it('says so when nobody matches', async () => {
    const { lastFrame } = render(
      <PeopleList
        rows={[]}
        total={11}
        cursor={{ index: 0, top: 0 }}
        height={5}
        width={40}
        focused={false}
        colors={false}
        sortName="name"
      />,
    )
    expect(lastFrame()).toContain('  People 0/11 · name')
    expect(lastFrame()).toContain('nobody matches')
  })
})
