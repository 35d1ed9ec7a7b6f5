import { render } from 'ink-testing-library'
import { expect, it } from 'vitest'
import { GroupFindings } from '../../../src/views/tui/GroupFindings.js'
import { loadModel } from './helpers.js'

it('GroupFindings lists the group-wide findings with severity, rule and group', async () => {
  const model = await loadModel()
  const { lastFrame } = render(
    <GroupFindings
      findings={model.groupFindings}
      cursor={{ index: 1, top: 0 }}
      height={3}
      width={90}
      focused
      colors={false}
    />,
  )
  const lines = (lastFrame() ?? '').split('\n')
  expect(lines[0]).toMatch(/^▸ Group-wide findings 3/)
  expect(lines[1]).toMatch(/^ ✗ authentication-failure sliceline — 401/)
  expect(lines[2]).toMatch(/^›✗ authentication-failure slice-line — /)
})
