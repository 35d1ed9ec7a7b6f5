import { render } from 'ink-testing-library'
import { expect, it } from 'vitest'
import { personItems, sortedRows } from '../../../src/views/tui/model.js'
import { Timeline } from '../../../src/views/tui/Timeline.js'
import { loadModel } from './helpers.js'

it('Timeline lists findings, then each request with time, method, status, state after it and IdP, then attributes', async () => {
  const model = await loadModel()
  const row = sortedRows(model, 'problems')[0]
  const items = row ? personItems(row) : []
  const { lastFrame } = render(
    <Timeline
      row={row}
      items={items}
      cursor={{ index: 6, top: 0 }}
      height={14}
      width={120}
      focused
      colors={false}
    />,
  )
  const lines = (lastFrame() ?? '').split('\n')
  expect(lines[0]).toMatch(/^▸ Timeline · jian\.yang@hooli\.example · hooli-eng · 7 requests, 2 failed/)
  expect(lines[1]).toMatch(/^ ✗ inactive-or-unlinked-identity — /)
  expect(lines[3]).toBe(
    '   2024-06-01 12:00:01 GET     200 not-seen    Okta     lookup userName eq "jian.yang@hooli.example"',
  )
  expect(lines[7]).toMatch(/^›✗ 2024-06-24 09:00:04 POST {4}412 deactivated Okta {5}create 00uc/)
  expect(lines[10]).toMatch(/^ @ username {3}jian\.yang/)
})
