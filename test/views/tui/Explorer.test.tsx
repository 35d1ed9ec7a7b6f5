import { render } from 'ink-testing-library'
import { expect, it } from 'vitest'
import { Explorer } from '../../../src/views/tui/Explorer.js'
import { type AnalyseHooks, type Analysis, analyseSources } from '../../../src/views/tui/load.js'
import { loadAnalysis, recordingEffects, SAMPLE } from './helpers.js'
import { documentsOf, SlowSource } from './memory-source.js'

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
  hooks.onProgress?.({ unit: 'bytes', done: 1024, lines: 10, requests: 5, elapsedMs: 1000, phase: 'reading' })
  await sleep(80)
  expect(lastFrame()).toContain('5 SCIM requests · 5/s')
  finish(analysis)
  await sleep(150)
  expect(lastFrame()).toContain('People 2 ')
  push(more)
  await sleep(150)
  expect(lastFrame()).toContain('People 4 ')
})

it('fills the people list in while a slow source is read, answers keys meanwhile, and shows progress until the end', async () => {
  const files = [
    'inactive-identity',
    'user-already-taken',
    'authentication-failure',
    'ignored-attribute-update',
  ]
  const docs = documentsOf(files.map((name) => SAMPLE(`errors/${name}.log`)))
  const source = new SlowSource(docs, 25)
  const load = (hooks: AnalyseHooks) => analyseSources([source], { partialMs: 50 }, hooks)
  const { effects } = recordingEffects()
  const { lastFrame, stdin } = render(
    <Explorer
      load={load}
      colors={false}
      sources="logs@memory"
      effects={effects}
      onError={() => {}}
      size={{ width: 160, height: 30 }}
    />,
  )
  const frame = () => lastFrame() ?? ''
  const waitFor = async (test: (text: string) => boolean, what: string) => {
    for (let i = 0; i < 300; i++) {
      if (test(frame())) return frame()
      await sleep(20)
    }
    throw new Error(`timed out waiting for ${what}:\n${frame()}`)
  }
  const selected = (text: string) => text.split('\n').find((line) => line.startsWith('›'))
  // Some people are listed while reading goes on; the status bar says how far it has got.
  const early = await waitFor((s) => /People [1-9]/.test(s) && selected(s) !== undefined, 'the first people')
  expect(source.read).toBeLessThan(docs.length)
  expect(early).toMatch(/reading [\d,]+ of [\d,]+ documents \(\d+%\) · [\d,]+ requests\/s/)
  await waitFor((s) => /People ([3-9]|\d\d)/.test(s), 'more people')
  const before = selected(frame())
  stdin.write('j')
  const moved = await waitFor((s) => selected(s) !== before, 'the selection to move')
  expect(moved).toContain('reading ')
  expect(source.read).toBeLessThan(docs.length)
  // Once reading ends: everyone, and no progress in the status bar.
  const done = await waitFor((s) => !s.includes('reading '), 'the end of reading')
  expect(source.read).toBe(docs.length)
  const final = await analyseSources([new SlowSource(docs, 0)])
  expect(done).toContain(`People ${final.timelines.people.length} `)
  expect(done).toContain(`${final.records.length} requests`)
}, 30_000)
