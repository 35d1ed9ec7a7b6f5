import { render } from 'ink-testing-library'
import { expect, it } from 'vitest'
import { FilterBar } from '../../../src/views/tui/FilterBar.js'
import { parseFilter } from '../../../src/views/tui/filter.js'

it('FilterBar shows the filter being typed, its match count or its error, and prompts', () => {
  const { lastFrame, rerender } = render(<FilterBar filter="jian" editing matches={1} colors={false} />)
  expect(lastFrame()).toBe('/jian█  1 match · Enter keeps · Esc clears')
  const parsed = parseFilter('colour:red')
  const error = parsed.ok ? '' : parsed.error
  rerender(<FilterBar filter="colour:red" editing matches={11} error={error} colors={false} />)
  expect(lastFrame()).toContain(
    "/colour:red█  unknown term 'colour:' — use status: idp: action: rule: group: since: until: or free",
  )
  rerender(<FilterBar filter={'a\u001b[2Jb'} editing matches={0} colors={false} />)
  expect(lastFrame()).toContain('/a\\x1b[2Jb█')
  rerender(<FilterBar filter="" editing={false} matches={0} prompt="out.md" colors={false} />)
  expect(lastFrame()).toContain('write Markdown to: out.md█')
})
