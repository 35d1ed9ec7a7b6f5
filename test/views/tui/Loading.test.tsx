import { render } from 'ink-testing-library'
import { expect, it } from 'vitest'
import { Loading } from '../../../src/views/tui/Loading.js'

it('Loading shows bytes read of the total, requests per second and the time left', () => {
  const progress = {
    bytes: 256 * 1024 * 1024,
    totalBytes: 1024 * 1024 * 1024,
    lines: 200_000,
    requests: 2000,
    elapsedMs: 2000,
    phase: 'reading' as const,
  }
  const { lastFrame, rerender } = render(<Loading progress={progress} width={80} sources="api_json.log" />)
  expect(lastFrame()).toContain('scimtrace · api_json.log')
  expect(lastFrame()).toContain('256.0 MiB of 1.0 GiB (25%) · 200,000 lines')
  expect(lastFrame()).toContain('2,000 SCIM requests · 1,000/s · about 6 s left')
  rerender(<Loading progress={{ ...progress, phase: 'analysing' }} width={80} sources="api_json.log" />)
  expect(lastFrame()).toContain('building timelines and diagnosing…')
})
