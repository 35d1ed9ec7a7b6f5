import { render } from 'ink-testing-library'
import { expect, it } from 'vitest'
import { Explorer } from '../../../src/views/tui/Explorer.js'
import type { AnalyseHooks, Analysis } from '../../../src/views/tui/load.js'
import { loadAnalysis, recordingEffects, SAMPLE } from './helpers.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

it('Explorer shows progress while loading, then the people; --follow updates replace the model', async () => {
  const analysis = await loadAnalysis([SAMPLE('errors/inactive-identity.log')])
  const more = await loadAnalysis([
    SAMPLE('errors/inactive-identity.log'),
    SAMPLE('errors/user-already-taken.log'),
  ])
  let finish: (a: Analysis) => void = () => {}
  let hooks: AnalyseHooks = {}
  let push: (a: Analysis) => void = () => {}
  const load = (h: AnalyseHooks) => {
    hooks = h
    return new Promise<Analysis>((resolve) => {
      finish = resolve
    })
  }
  const follow = (_a: Analysis, update: (a: Analysis) => void) => {
    push = update
    return () => {}
  }
  const { effects } = recordingEffects()
  const { lastFrame } = render(
    <Explorer
      load={load}
      follow={follow}
      colors={false}
      sources="api_json.log"
      effects={effects}
      onError={() => {}}
      size={{ width: 120, height: 30 }}
    />,
  )
  await sleep(50)
  hooks.onProgress?.({ bytes: 1024, lines: 10, requests: 5, elapsedMs: 1000, phase: 'reading' })
  await sleep(80)
  expect(lastFrame()).toContain('5 SCIM requests · 5/s')
  finish(analysis)
  await sleep(150)
  expect(lastFrame()).toContain('People 2 ')
  push(more)
  await sleep(150)
  expect(lastFrame()).toContain('People 4 ')
})
