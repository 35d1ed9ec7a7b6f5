/**
 * Shared by the explorer's tests: the real pipeline on sample logs, a log holding escape sequences, and the
 * App rendered by ink-testing-library with its effects recorded.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { render } from 'ink-testing-library'
import { fileSources } from '../../../src/sources/files.js'
import { App, type Effects } from '../../../src/views/tui/App.js'
import { type Analysis, analyseSources } from '../../../src/views/tui/load.js'
import { buildModel, type Model } from '../../../src/views/tui/model.js'

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const SAMPLE = (name: string) => resolve(ROOT, 'samples', name)
export const ERRORS = [
  'errors/inactive-identity.log',
  'errors/user-already-taken.log',
  'errors/authentication-failure.log',
  'errors/ignored-attribute-update.log',
].map(SAMPLE)

export async function loadAnalysis(files: string[]): Promise<Analysis> {
  return analyseSources(fileSources(files))
}

export async function loadModel(files: string[] = ERRORS): Promise<Model> {
  return buildModel(await loadAnalysis(files))
}

/** Every error sample, both lifecycles and the mixed log: the widest model the samples give. */
export function everySampleModel(): Promise<Model> {
  const errors = readdirSync(SAMPLE('errors')).map((name) => SAMPLE(`errors/${name}`))
  return loadModel([...errors, SAMPLE('okta-lifecycle'), SAMPLE('entra-lifecycle'), SAMPLE('mixed')])
}

/** A log line in api_json layout: a SCIM create. */
export function createLine(options: {
  time: string
  userName: string
  externalId: string
  status?: number
  group?: string
}): string {
  return JSON.stringify({
    time: options.time,
    severity: 'INFO',
    duration_s: 0.05,
    status: options.status ?? 201,
    method: 'POST',
    path: `/api/scim/v2/groups/${options.group ?? 'hooli'}/Users`,
    params: [
      { key: 'schemas', value: ['urn:ietf:params:scim:schemas:core:2.0:User'] },
      { key: 'userName', value: options.userName },
      { key: 'name', value: { givenName: 'Eve', familyName: 'Mallory' } },
      { key: 'emails', value: [{ primary: true, type: 'work', value: options.userName }] },
      { key: 'externalId', value: options.externalId },
      { key: 'active', value: true },
    ],
    ua: 'Okta SCIM Client 1.0.0',
    correlation_id: `corr-${options.externalId}`,
  })
}

/** A log whose userName carries a terminal title escape and an SGR sequence. */
export function escapeLog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scimtrace-tui-'))
  const file = join(dir, 'api_json.log')
  writeFileSync(
    file,
    `${createLine({ time: '2026-06-01T12:00:00.000Z', userName: 'eve\u001b]0;pwned\u0007\u001b[31m@evil.example', externalId: '00uEVIL0000001' })}\n`,
  )
  return file
}

export interface Recorded {
  terminal: string[]
  files: { path: string; text: string }[]
  quits: number
}

export function recordingEffects(): { effects: Effects; recorded: Recorded } {
  const recorded: Recorded = { terminal: [], files: [], quits: 0 }
  return {
    recorded,
    effects: {
      terminal: (sequence) => recorded.terminal.push(sequence),
      writeFile: (path, text) => {
        recorded.files.push({ path, text })
        return `wrote ${path}`
      },
      quit: () => {
        recorded.quits++
      },
    },
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping SGR sequences from frames
const SGR = /\u001b\[[0-9;]*m/g

export const KEY = {
  down: '\u001b[B',
  up: '\u001b[A',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  pageDown: '\u001b[6~',
  pageUp: '\u001b[5~',
  backspace: '\u007f',
} as const

export interface RenderedApp {
  /** The last frame as ink-testing-library gives it (no colour: chalk sees no terminal). */
  raw(): string
  /** The last frame without any SGR sequence. */
  frame(): string
  press(...keys: string[]): Promise<void>
  type(text: string): Promise<void>
  resize(width: number, height: number): void
  recorded: Recorded
}

export function renderApp(model: Model, size = { width: 160, height: 40 }, now?: Date): RenderedApp {
  const { effects, recorded } = recordingEffects()
  const props = { model, ...size, colors: false, effects, ...(now ? { now } : {}) }
  const instance = render(<App {...props} />)
  const frame = () => (instance.lastFrame() ?? '').replace(SGR, '')
  /** Wait until Ink has drawn what the last key caused: no new frame for 60 ms (Ink throttles redraws to 30 a second). */
  const settle = async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
    let count = -1
    for (let i = 0; i < 100 && count !== instance.frames.length; i++) {
      count = instance.frames.length
      await sleep(60)
    }
  }
  /** Press keys one at a time, letting Ink render after each. */
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      instance.stdin.write(key)
      await settle()
    }
    await settle()
  }
  const type = async (text: string) => press(...Array.from(text))
  const resize = (width: number, height: number) =>
    instance.rerender(<App {...props} width={width} height={height} />)
  return { raw: () => instance.lastFrame() ?? '', frame, press, type, resize, recorded }
}
