import { render } from 'ink-testing-library'
import { expect, it } from 'vitest'
import { Loading, progressSummary } from '../../../src/views/tui/Loading.js'

const progress = {
  unit: 'bytes' as const,
  done: 256 * 1024 * 1024,
  total: 1024 * 1024 * 1024,
  lines: 200_000,
  requests: 2000,
  elapsedMs: 2000,
  phase: 'reading' as const,
}

it('Loading shows bytes read of the total, requests per second and the time left', () => {
  const { lastFrame, rerender } = render(<Loading progress={progress} width={80} sources="api_json.log" />)
  expect(lastFrame()).toContain('scimtrace · api_json.log')
  expect(lastFrame()).toContain('256.0 MiB of 1.0 GiB (25%) · 200,000 lines')
  expect(lastFrame()).toContain('2,000 SCIM requests · 1,000/s · about 6 s left')
  rerender(<Loading progress={{ ...progress, phase: 'analysing' }} width={80} sources="api_json.log" />)
  expect(lastFrame()).toContain('building timelines and diagnosing…')
})

it('Loading counts a cluster in documents, and without a total shows no percentage or time left', () => {
  const documents = { ...progress, unit: 'documents' as const, done: 1200, total: 4000 }
  const { lastFrame, rerender } = render(<Loading progress={documents} width={80} sources="logs@es" />)
  expect(lastFrame()).toContain('1,200 of 4,000 documents (30%)')
  expect(lastFrame()).toContain('about 5 s left')
  const { total: _, ...unknown } = progress
  rerender(<Loading progress={unknown} width={80} sources="-" />)
  expect(lastFrame()).toContain('256.0 MiB · 200,000 lines')
  expect(lastFrame()).not.toContain('left')
})

it('progressSummary is the status bar’s short form', () => {
  expect(progressSummary(progress)).toBe('reading 256.0 MiB of 1.0 GiB (25%) · 1,000 requests/s · ETA 6 s')
  expect(progressSummary({ ...progress, phase: 'analysing' })).toBe('diagnosing all 2,000 requests…')
})

it('progressSummary gives the final analysis’s time so far, and a bound from the partial analyses’ cost', () => {
  const analysing = { ...progress, phase: 'analysing' as const }
  expect(progressSummary({ ...analysing, analysis: { expectedMs: 24_200, doneMs: 8_400 } })).toBe(
    'diagnosing all 2,000 requests… · 8 s so far (up to about 25 s)',
  )
  // Past the bound: only the time so far.
  expect(progressSummary({ ...analysing, analysis: { expectedMs: 20_000, doneMs: 25_000 } })).toBe(
    'diagnosing all 2,000 requests… · 25 s so far',
  )
})
