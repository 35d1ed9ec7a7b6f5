/**
 * The built executable in a real terminal: tmux (100×30), keys sent with send-keys, the screen read with
 * capture-pane. Runs the bundle vitest's set-up builds (`test/setup/bundle.ts`); needs tmux (.ci/run installs it).
 */
import { execFileSync } from 'node:child_process'
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN } from '../../cli/run.js'
import { createLine, ROOT } from './helpers.js'

const SESSION = `scimtrace-tui-e2e-${process.pid}`
/** A second terminal, for the log on stdin (a session each, so one test's screen never leaks into another). */
const PIPED = `${SESSION}-piped`
const ES = `${SESSION}-es`
const WARNED = `${SESSION}-warned`
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' })
const screen = (session = SESSION) => tmux('capture-pane', '-p', '-t', session)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function waitFor(
  test: (text: string) => boolean,
  what: string,
  ms = 60_000,
  session = SESSION,
): Promise<string> {
  const until = Date.now() + ms
  let text = ''
  while (Date.now() < until) {
    text = screen(session)
    if (test(text)) return text
    await sleep(100)
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${text}`)
}

async function keys(...sequence: string[]) {
  await keysTo(SESSION, ...sequence)
}

async function keysTo(session: string, ...sequence: string[]) {
  for (const key of sequence) {
    tmux('send-keys', '-t', session, key)
    await sleep(120)
  }
}

/** A shell in a new 100×30 terminal, so that after quitting the prompt shows again. */
function shell(session: string) {
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', `PS1='READY$ ' bash --norc --noprofile`)
}

afterAll(() => {
  for (const session of [SESSION, PIPED, ES, WARNED]) {
    try {
      tmux('kill-session', '-t', session)
    } catch {
      // already gone
    }
  }
})

describe('tui in tmux', () => {
  it('filters to a person with a finding, opens it, follows a growing file, and quits restoring the terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scimtrace-tui-e2e-'))
    const log = join(dir, 'api_json.log')
    copyFileSync(join(ROOT, 'samples/errors/inactive-identity.log'), log)
    shell(SESSION)
    tmux('send-keys', '-t', SESSION, `cd ${dir} && NO_COLOR=1 node ${BIN} tui --follow ${log}`, 'Enter')
    await waitFor((s) => s.includes('People 2 '), 'the people list')

    await keys('/', 'j', 'i', 'a', 'n', 'Enter')
    await waitFor((s) => s.includes('People 1/2') && s.includes('/jian · ? help'), 'the filter applied')
    await keys('Enter', 'Enter')
    const finding = await waitFor((s) => s.includes('▸ Finding'), 'the finding opened')
    expect(finding).toContain('✗ inactive-or-unlinked-identity — Create rejected (412)')
    expect(finding).toMatch(/evidence {2}2024-06-01 12:00:03 {2}POST create/)

    // Back to the timeline; a new request for Jian is appended to the followed file.
    await keys('Escape')
    await waitFor((s) => s.includes('▸ Timeline'), 'the timeline focused')
    expect(screen()).not.toContain('06-25 10:00:00')
    appendFileSync(
      log,
      `${createLine({ time: '2024-06-25T10:00:00.000Z', userName: 'jian.yang@hooli.example', externalId: '00uNEWID000000000001', status: 409, group: 'hooli-eng' })}\n`,
    )
    const followed = await waitFor((s) => s.includes('06-25 10:00:00 POST    409'), 'the appended request')
    // The person's findings are rebuilt too: a 409 on create is a new finding.
    expect(followed).toContain('✗ user-already-taken')

    await keys('q')
    const after = await waitFor((s) => /READY\$\s*$/.test(s.trimEnd()), 'the shell prompt')
    // The alternate screen is gone: the command line is back, the explorer's panes are not.
    expect(after).toContain(`READY$ cd ${dir} && NO_COLOR=1 node`)
    expect(after).not.toContain('Timeline ·')
    expect(after).toMatch(/read \d+ lines .* SCIM requests · 2 people/)
    expect(readFileSync(log, 'utf8').split('\n').length).toBeGreaterThan(8)
  }, 180_000)

  it('says once the screen is restored what the engine warned of while it ran', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scimtrace-tui-warned-'))
    const notes = join(dir, 'notes.txt')
    writeFileSync(notes, 'shopping: milk, eggs\nnot a log at all\n')
    shell(WARNED)
    const log = join(ROOT, 'samples/errors/inactive-identity.log')
    tmux('send-keys', '-t', WARNED, `NO_COLOR=1 node ${BIN} tui ${log} ${notes}; echo "EXIT=$?"`, 'Enter')
    const shown = await waitFor((s) => s.includes('People 2 '), 'the people list', 60_000, WARNED)
    expect(shown).not.toContain('does not look like')
    await keysTo(WARNED, 'q')
    const after = await waitFor(
      (s) => /EXIT=0\s+READY\$\s*$/.test(s.trimEnd()),
      'the shell prompt',
      60_000,
      WARNED,
    )
    expect(after).toContain(`scimtrace: warning: '${notes}' does not look like an api_json.log`)
  }, 120_000)

  it('reads the log from a pipe as it comes, with keys from the terminal, and quits restoring it', async () => {
    // The pipe gives one log, then waits (for the test to say so) before giving the next: meanwhile the
    // explorer shows what it has read, says it is still reading, and answers keys.
    // The first part is a few hundred KiB: a stream's format is detected from its first 64 KiB (or its first
    // lines, when it pauses), and what it has given is read once it pauses, not once 128 KiB more come.
    const dir = mkdtempSync(join(tmpdir(), 'scimtrace-tui-pipe-'))
    const part = (name: string, from: number, count: number) => {
      const lines = Array.from({ length: count }, (_, i) => {
        const n = String(from + i).padStart(4, '0')
        const time = new Date(Date.UTC(2026, 5, 1) + (from + i) * 1000).toISOString()
        return createLine({ time, userName: `user${n}@hooli.example`, externalId: `00uPIPE${n}00000` })
      })
      writeFileSync(join(dir, name), `${lines.join('\n')}\n`)
      return join(dir, name)
    }
    const first = part('first.log', 0, 600)
    const second = part('second.log', 600, 20)
    const go = join(dir, 'go')
    const producer = `{ cat ${first}; while [ ! -e ${go} ]; do sleep 0.1; done; cat ${second}; }`
    shell(PIPED)
    const selected = (text: string) => text.split('\n').find((line) => line.startsWith('›'))
    const wait = (test: (text: string) => boolean, what: string) => waitFor(test, what, 60_000, PIPED)
    tmux('send-keys', '-t', PIPED, `${producer} | NO_COLOR=1 node ${BIN} tui; echo "EXIT=$?"`, 'Enter')
    // Every person of the first part, while the pipe is still open.
    const partial = await wait(
      (s) => /People 600 /.test(s) && selected(s) !== undefined && / reading [\d.]+ KiB/.test(s),
      'the people read so far',
    )
    const count = Number(/People (\d+) /.exec(partial)?.[1])
    expect(count).toBe(600)
    // The keys (from /dev/tty, stdin being the pipe) work while reading goes on.
    const before = selected(partial)
    await keysTo(PIPED, 'j')
    const moved = await wait((s) => selected(s) !== before, 'the selection to move')
    expect(moved).toContain(' reading ')
    expect(moved).toContain(`People ${count} `)
    writeFileSync(go, '')
    const done = await wait((s) => !s.includes(' reading ') && /People 620 /.test(s), 'the rest of the log')
    // Reading has ended: the status bar names stdin and no longer shows progress.
    expect(done).toMatch(/^ - · /m)
    await keysTo(PIPED, 'Tab')
    await wait((s) => s.includes('▸ Timeline'), 'the timeline focused')
    await keysTo(PIPED, '?')
    await wait((s) => s.includes('Keys'), 'the help overlay')
    await keysTo(PIPED, 'q')
    const after = await wait((s) => /EXIT=0\s+READY\$\s*$/.test(s.trimEnd()), 'the shell prompt')
    expect(after).not.toContain('Timeline ·')
    expect(after).toMatch(/read \d+ lines .* SCIM requests · \d+ people/)
  }, 180_000)

  it('reads Elasticsearch with --es, and says so clearly (terminal restored) when it cannot be reached', async () => {
    // A port nothing listens on: the cluster source is the one the other commands use (exit 7, unavailable).
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    await new Promise<void>((resolve) => server.close(() => resolve()))
    shell(ES)
    tmux(
      'send-keys',
      '-t',
      ES,
      `clear; NO_COLOR=1 node ${BIN} tui --es http://127.0.0.1:${port} --since 1d --es-retries 0; echo "EXIT=$?"`,
      'Enter',
    )
    const after = await waitFor((s) => /EXIT=\d+/.test(s), 'the command to end', 60_000, ES)
    expect(after).toContain('EXIT=7')
    expect(after).toMatch(/scimtrace: .*127\.0\.0\.1/)
    expect(after).not.toContain('Error:')
    expect(after).not.toContain('    at ')
  }, 120_000)

  it('without a terminal says to use report and exits with the usage code', () => {
    let code = 0
    let stderr = ''
    try {
      execFileSync(process.execPath, [BIN, 'tui', join(ROOT, 'samples/errors/inactive-identity.log')], {
        stdio: 'pipe',
      })
    } catch (error) {
      const failure = error as { status: number; stderr: Buffer }
      code = failure.status
      stderr = failure.stderr.toString()
    }
    expect(code).toBe(2)
    expect(stderr).toContain('use `scimtrace report`')
  })
})
