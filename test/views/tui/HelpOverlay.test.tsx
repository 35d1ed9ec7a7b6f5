import { render } from 'ink-testing-library'
import { expect, it } from 'vitest'
import { HelpOverlay } from '../../../src/views/tui/HelpOverlay.js'
import { KEYS } from '../../../src/views/tui/keys.js'

it('HelpOverlay lists every key the handler knows', () => {
  const { lastFrame } = render(<HelpOverlay width={100} height={30} />)
  for (const key of KEYS) expect(lastFrame()).toContain(`  ${key.keys.padEnd(11)} ${key.does}`)
  expect(lastFrame()).toContain('filter terms: status: idp: action: rule: group: since: until:')
})
