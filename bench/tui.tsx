/**
 * `npm run bench -- --tui`: the explorer on a dense input (issue #12), driven through ink-testing-library.
 *
 *   node dist/bench/run.js --tui [--requests N] [--people N]
 *
 * Generates (once, deterministically: `bench/tui-data.ts`) 1,000,000 SCIM requests from 100,000 people, then
 * renders the real `Explorer` over the real read (`load.ts` over `fileSources`) in a 120×40 frame and reports:
 * the time to the first frame with people in it (while reading goes on), the time from the end of reading to
 * the frame of the final analysis, key press → new frame while reading and after (median, p99, max) for moving
 * the selection, paging, opening the person with ~120 requests, typing and clearing a filter, and peak RSS.
 * A new frame is counted when Ink writes one (ink-testing-library renders every commit, unthrottled). The
 * longest stretches the thread was held while reading and while analysing (event-loop delay) say how long a
 * key could wait then.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { render } from 'ink-testing-library'
import { fileSources } from '../src/sources/files.js'
import type { Effects } from '../src/views/tui/App.js'
import { Explorer } from '../src/views/tui/Explorer.js'
import { type AnalyseHooks, analyseSources, type Progress } from '../src/views/tui/load.js'
import { writeDenseLog } from './tui-data.js'

const KEY = { down: '\u001b[B', pageDown: '\u001b[6~', enter: '\r', escape: '\u001b', backspace: '\u007f' }

interface Figures {
  median: number
  p99: number
  max: number
  count: number
}

/**
 * How long the thread was held at a stretch, per phase: a 10 ms timer's lateness, each stretch counted in
 * the phase it ends in. (Not `monitorEventLoopDelay`: after `reset()` it drops the first stretch, which in a
 * run that analyses in one piece is the whole analysis.)
 */
class HeldMeter {
  readonly reading: number[] = []
  readonly analysing: number[] = []
  private last = performance.now()
  private readonly timer = setInterval(() => {
    const now = performance.now()
    ;(this.phase === 'reading' ? this.reading : this.analysing).push(now - this.last - 10)
    this.last = now
  }, 10)
  phase: 'reading' | 'analysing' = 'reading'

  stop(): void {
    clearInterval(this.timer)
  }

  static figures(stretches: readonly number[]) {
    const sorted = [...stretches].sort((a, b) => a - b)
    const ms = (x: number) => Math.round(Math.max(0, x) * 10) / 10
    return { p99: ms(sorted[Math.floor(0.99 * (sorted.length - 1))] ?? 0), max: ms(sorted.at(-1) ?? 0) }
  }
}

function figures(samples: readonly number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
  const round = (n: number) => Math.round(n * 10) / 10
  return {
    median: round(at(0.5)),
    p99: round(at(0.99)),
    max: round(sorted.at(-1) ?? 0),
    count: sorted.length,
  }
}

async function dataFile(
  root: string,
  requests: number,
  people: number,
): Promise<{ path: string; focus: string }> {
  const path = join(root, `bench/data/tui-dense-${requests / 1000}k-${people / 1000}k.log`)
  const metaPath = `${path}.meta.json`
  if (existsSync(metaPath) && existsSync(path)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { bytes: number; focusEmail: string }
    if (statSync(path).size === meta.bytes) return { path, focus: meta.focusEmail }
  }
  process.stderr.write(`generating ${path} (${requests} requests, ${people} people)…\n`)
  // On a fresh clone `--tui` alone runs before anything else has made the data folder.
  mkdirSync(dirname(path), { recursive: true })
  const result = await writeDenseLog({ path, requests, people })
  writeFileSync(metaPath, `${JSON.stringify(result, null, 2)}\n`)
  return { path, focus: result.focusEmail }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export async function benchTui(root: string, argv: readonly string[]): Promise<void> {
  const number = (name: string, fallback: number) => {
    const i = argv.indexOf(name)
    return i >= 0 ? Number(argv[i + 1]) : fallback
  }
  const requests = number('--requests', 1_000_000)
  const people = number('--people', 100_000)
  const data = await dataFile(root, requests, people)
  const bytes = statSync(data.path).size
  process.stderr.write(`tui bench: ${data.path} (${bytes} bytes)\n`)

  const effects: Effects = { terminal: () => {}, writeFile: () => '', quit: () => {} }
  let readEnd = 0
  // How long the thread was held at a stretch (a key pressed then waits that long): the key figures below
  // cannot show it, since the bench's own presses wait for the same thread.
  const held = new HeldMeter()
  /** Each partial analysis: requests in it, when it came (ms from the start), and the model's build (ms). */
  const partials: { requests: number; atMs: number; modelMs: number }[] = []
  const started = performance.now()
  const load = (hooks: AnalyseHooks) =>
    analyseSources(
      fileSources([data.path]),
      {},
      {
        ...hooks,
        onPartial: (partial) => {
          const at = performance.now()
          hooks.onPartial?.(partial)
          partials.push({
            requests: partial.records.length,
            atMs: Math.round(at - started),
            modelMs: Math.round(performance.now() - at),
          })
        },
        onProgress: (progress: Progress) => {
          if (progress.phase === 'analysing' && readEnd === 0) {
            readEnd = performance.now()
            held.phase = 'analysing'
          }
          hooks.onProgress?.(progress)
        },
      },
    )
  const instance = render(
    <Explorer
      load={load}
      colors={false}
      sources={data.path}
      effects={effects}
      onError={(error) => {
        throw error
      }}
      size={{ width: 120, height: 40 }}
    />,
  )
  const frame = () => instance.lastFrame() ?? ''
  const usable = (text: string) => /People [1-9]/.test(text)
  const final = (text: string) => usable(text) && !/ reading |diagnosing all/.test(text)

  /** Press a key and wait for the frame it causes; milliseconds. */
  const press = async (key: string, limitMs = 20_000): Promise<number> => {
    const count = instance.frames.length
    const at = performance.now()
    instance.stdin.write(key)
    while (instance.frames.length === count) {
      await tick()
      if (performance.now() - at > limitMs) throw new Error(`no frame after ${JSON.stringify(key)}`)
    }
    return performance.now() - at
  }

  let firstFrame = 0
  const whileReading: number[] = []
  const whileAnalysing: number[] = []
  while (!final(frame())) {
    if (firstFrame === 0 && usable(frame())) firstFrame = performance.now() - started
    // Keys while reading goes on, and then while the final analysis runs: down, every 200 ms.
    if (firstFrame > 0) (readEnd === 0 ? whileReading : whileAnalysing).push(await press('j', 30 * 60_000))
    await sleep(firstFrame > 0 ? 200 : 5)
  }
  const finalFrame = performance.now()
  // A stretch that ended the final frame is recorded when the monitor's timer next runs.
  await sleep(50)
  held.stop()
  if (firstFrame === 0) firstFrame = finalFrame - started
  await sleep(200)

  const measure = async (keys: readonly string[], times: number): Promise<number[]> => {
    const samples: number[] = []
    for (let i = 0; i < times; i++) for (const key of keys) samples.push(await press(key))
    return samples
  }
  const results: Record<string, Figures | number | { filter: string; ms: number }[]> = {}
  results['move selection (j)'] = figures(await measure(['j'], 200))
  results['page down (PgDn)'] = figures(await measure([KEY.pageDown], Math.min(100, Math.floor(people / 80))))
  // Typing a filter (each key filters 100,000 people again, or narrows the last result), and clearing it.
  const typing: number[] = []
  // Which keystrokes were the slowest: the filter so far when each was typed.
  const typed: { filter: string; ms: number }[] = []
  const clearing: number[] = []
  for (let i = 0; i < 10; i++) {
    await press('/')
    let filter = ''
    for (const c of `user${i}1`) {
      filter += c
      const ms = await press(c)
      typing.push(ms)
      typed.push({ filter, ms: Math.round(ms * 10) / 10 })
    }
    await press(KEY.enter)
    clearing.push(await press(KEY.escape))
  }
  results['filter: type a character'] = figures(typing)
  results['filter: slowest characters'] = typed.sort((a, b) => b.ms - a.ms).slice(0, 3)
  results['filter: clear (Esc)'] = figures(clearing)
  const terms: number[] = []
  for (let i = 0; i < 5; i++) {
    await press('/')
    for (const c of 'status:409') terms.push(await press(c))
    await press(KEY.enter)
    clearing.push(await press(KEY.escape))
  }
  results['filter: type status:409'] = figures(terms)
  // The person with ~120 requests: filter to them, then open (focus the timeline) and go back.
  await press('/')
  for (const c of data.focus) await press(c)
  await press(KEY.enter)
  const person = frame().match(/Timeline · .* (\d+) requests/)
  const firstOpen = await press(KEY.enter)
  await press(KEY.escape)
  results[`open the person with ${person?.[1] ?? '?'} requests (first)`] = Math.round(firstOpen * 10) / 10
  results['open that person again (Enter), and back (Esc)'] = figures(
    await measure([KEY.enter, KEY.escape], 50),
  )
  await press(KEY.enter)
  // Down their timeline, stopping at its last request (a key that moves nothing draws no frame).
  const steps = Math.min(100, Number(person?.[1] ?? 1) - 1)
  results['scroll their timeline (j)'] = figures(await measure(['j'], steps))
  instance.unmount()

  const report = {
    input: { path: data.path, bytes, requests, people },
    partialAnalyses: partials,
    firstUsableFrameMs: Math.round(firstFrame),
    readingMs: Math.round(readEnd - started),
    finalFrameAfterReadingMs: Math.round(finalFrame - readEnd),
    keysWhileReading: figures(whileReading),
    keysWhileAnalysing: figures(whileAnalysing),
    threadHeldWhileReadingMs: HeldMeter.figures(held.reading),
    threadHeldWhileAnalysingMs: HeldMeter.figures(held.analysing),
    keys: results,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    node: process.version,
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
}
