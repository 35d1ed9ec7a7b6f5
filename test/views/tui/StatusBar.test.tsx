import { render } from 'ink-testing-library'
import { expect, it } from 'vitest'
import { StatusBar, statusText } from '../../../src/views/tui/StatusBar.js'
import { loadModel } from './helpers.js'

it('StatusBar shows sources, time range, counts, filter and sort, cut to the width', async () => {
  const model = await loadModel()
  const props = {
    model,
    shown: 1,
    filter: 'status:409',
    onlyFindings: true,
    sortName: 'name',
    following: true,
  }
  const { lastFrame } = render(<StatusBar {...props} width={60} />)
  expect(statusText(props)).toMatch(
    /inactive-identity\.log \+3 · 2024-05-06 09:00:01 → 2024-11-13 08:21:38 · 1\/11 people · 46 requests · skipped 0 · filter status:409 · with findings · sort name · following/,
  )
  expect(Array.from(lastFrame() ?? '').length).toBe(60)
  expect(lastFrame()).toMatch(/…$/)
})

it('StatusBar names sources by file when their paths would push the filter off a wide bar', async () => {
  const model = await loadModel()
  const deep = { ...model, sources: model.sources.map((source) => `/a/checkout/nested/quite/deep${source}`) }
  const props = {
    model: deep,
    shown: 1,
    filter: 'status:409',
    onlyFindings: false,
    sortName: 'problems',
    following: false,
  }
  const wide = statusText(props)
  expect(wide).toContain('/a/checkout/nested/quite/deep')
  const { lastFrame } = render(<StatusBar {...props} width={wide.length - 10} />)
  expect(lastFrame()).toMatch(
    /^ inactive-identity\.log \+3 · 2024-05-06 09:00:01 → .* · filter status:409 · sort problems *$/,
  )
  // A bar wide enough for the whole line keeps the paths.
  expect(render(<StatusBar {...props} width={wide.length + 1} />).lastFrame()).toContain(
    '/a/checkout/nested/quite/deep',
  )
})
