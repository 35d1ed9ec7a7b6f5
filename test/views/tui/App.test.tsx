import { beforeAll, describe, expect, it } from 'vitest'
import { buildModel, type Model } from '../../../src/views/tui/model.js'
import { escapeLog, KEY, loadAnalysis, loadModel, renderApp } from './helpers.js'

let model: Model
beforeAll(async () => {
  model = await loadModel()
})

const line = (frame: string, pattern: RegExp) => frame.split('\n').find((l) => pattern.test(l))
/** The selected row of the timeline pane (right of the separator). */
const timelineSelection = (frame: string) => line(frame, /│›/)?.split('│›')[1]

describe('App', () => {
  it('starts on the people pane with the worst person selected and their first finding in detail', () => {
    const app = renderApp(model)
    const frame = app.frame()
    expect(frame.split('\n')).toHaveLength(40)
    expect(frame).toMatch(/^▸ People 11 · problems/)
    expect(frame).toContain('›✗ jian.yang@hooli.example')
    expect(frame).toContain('  Timeline · jian.yang@hooli.example · hooli-eng · 7 requests, 2 failed')
    expect(frame).toContain('✗ inactive-or-unlinked-identity — Create rejected (412)')
    expect(frame).toContain('  Finding')
    expect(frame).toContain('? help · / filter')
  })

  it('j/k and arrows move in the people list; the timeline follows the selection', async () => {
    const app = renderApp(model)
    await app.press('j')
    expect(app.frame()).toContain('›✗ laurie.bream@endframe.example')
    expect(app.frame()).toContain('Timeline · laurie.bream@endframe.example')
    await app.press(KEY.down, KEY.up, 'k')
    expect(app.frame()).toContain('›✗ jian.yang@hooli.example')
    await app.press('G')
    expect(line(app.frame(), /^›/)).toMatch(/^› {2}\S/)
    await app.press('g')
    expect(app.frame()).toContain('›✗ jian.yang@hooli.example')
  })

  it('Enter opens the timeline, then the selected request in detail with its params; Esc goes back', async () => {
    const app = renderApp(model)
    await app.press(KEY.enter)
    expect(app.frame()).toContain('▸ Timeline · jian.yang@hooli.example')
    // Past the two findings to the first request.
    await app.press('j', 'j', KEY.enter)
    const frame = app.frame()
    expect(frame).toContain('▸ Request')
    expect(frame).toContain('GET /api/scim/v2/groups/hooli-eng/Users → 200')
    expect(frame).toContain('origin      ')
    expect(frame).toContain('inactive-identity.log:1')
    expect(frame).toContain('correlation 01HZ9TQHYREQZG6R8NKNXQ8N1W')
    expect(frame).toContain('"raw": "userName eq \\"jian.yang@hooli.example\\""')
    await app.press(KEY.escape)
    expect(app.frame()).toContain('▸ Timeline')
    await app.press(KEY.escape)
    expect(app.frame()).toContain('▸ People')
  })

  it('folds and unfolds the params with Enter in the detail pane', async () => {
    const app = renderApp(model)
    await app.press(KEY.enter, 'j', 'j', KEY.enter)
    const before = app.frame()
    expect(before).toContain('"params": {')
    // Down to the `"params": {` line and fold it.
    const lines = before.split('\n')
    const detailTop = lines.findIndex((l) => l.includes('▸ Request'))
    const paramsAt = lines.findIndex((l) => l.includes('"params": {'))
    await app.press(...Array.from({ length: paramsAt - detailTop - 1 }, () => 'j'), KEY.enter)
    expect(app.frame()).toMatch(/"params": \{… \d+ keys\}/)
    await app.press(KEY.enter)
    expect(app.frame()).toContain('"params": {')
  })

  it('shows a finding: why, evidence, fix, confirm and docs', async () => {
    const app = renderApp(model, { width: 200, height: 50 })
    await app.press(KEY.enter, KEY.enter)
    let frame = app.frame()
    expect(frame).toContain('▸ Finding')
    // The finding is longer than the pane: page through it.
    for (let i = 0; i < 4; i++) {
      await app.press(KEY.pageDown)
      frame += app.frame()
    }
    for (const label of ['evidence', 'why', 'fix', 'confirm', 'docs'])
      expect(frame).toMatch(new RegExp(` {2}${label} +\\S`))
    expect(frame).toContain('https://docs.gitlab.com/')
  })

  it('shows an attribute: the request that set it and later ignored attempts', async () => {
    const app = renderApp(model, { width: 160, height: 50 })
    await app.press('/')
    await app.type('monica')
    await app.press(KEY.enter, KEY.enter, 'G')
    // The last items are the attributes; walk back to one that has ignored attempts.
    let frame = app.frame()
    for (let i = 0; i < 6 && !/ignored/.test(timelineSelection(frame) ?? ''); i++) {
      await app.press('k')
      frame = app.frame()
    }
    expect(timelineSelection(frame)).toMatch(/^@ \w+ .*\d+ ignored$/)
    expect(frame).toContain('▸ Timeline')
    expect(frame).toContain('  Attribute')
    expect(frame).toMatch(/set by +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d POST create/)
    expect(frame).toMatch(/later attempts? without effect/)
    expect(frame).toContain('↳ PATCH')
  })

  it('Tab and h/l move between panes, including group-wide findings', async () => {
    const app = renderApp(model)
    await app.press(KEY.tab)
    expect(app.frame()).toContain('▸ Timeline')
    await app.press('l')
    expect(app.frame()).toMatch(/▸ (Finding|Request|Attribute|Detail)/)
    await app.press(KEY.tab)
    expect(app.frame()).toContain('▸ Group-wide findings 3')
    expect(app.frame()).toContain('  Group-wide finding')
    expect(app.frame()).toContain('authentication-failure')
    await app.press('h', 'h', 'h')
    expect(app.frame()).toContain('▸ People')
  })

  it('e/E jump to the next and previous error, w/W to warnings', async () => {
    const app = renderApp(model)
    await app.press('w')
    expect(line(app.frame(), /^›/)).toMatch(/^›! monica@bream-hall\.example/)
    await app.press('E')
    expect(line(app.frame(), /^›/)).toMatch(/^›✗ /)
    await app.press('g', KEY.enter, 'e')
    expect(timelineSelection(app.frame())).toMatch(/^✗ 2024-06-24 09:00:04 POST +412/)
    await app.press('e')
    expect(timelineSelection(app.frame())).toMatch(/^✗ 2024-06-24 15:00:08 POST +412/)
    await app.press('E')
    expect(timelineSelection(app.frame())).toMatch(/^✗ 2024-06-24 09:00:04 POST +412/)
    await app.press('w')
    expect(app.frame()).toContain('no warnings in this timeline')
  })

  it('/ filters as you type, by text and terms, and reports an unknown term', async () => {
    const app = renderApp(model)
    await app.press('/')
    await app.type('status:409')
    expect(app.frame()).toContain('People 1/11')
    expect(app.frame()).toContain('/status:409█  1 match')
    // ` x` narrows to people whose ids or emails hold an x (laurie's do); `x:` is no term.
    await app.type(' x:red')
    expect(app.frame()).toContain(
      "unknown term 'x:' — use status: idp: action: rule: group: since: until: or free text",
    )
    // The list keeps the last result that parsed.
    expect(app.frame()).toContain('People 1/11')
    await app.press(...Array.from({ length: ' x:red'.length }, () => KEY.backspace), KEY.enter)
    expect(app.frame()).toContain('filter status:409')
    expect(app.frame()).toContain('›✗ laurie.bream@endframe.example')
    await app.press(KEY.escape)
    expect(app.frame()).toContain('People 11 ')
  })

  it('f keeps people with findings; s cycles the sort', async () => {
    const app = renderApp(model)
    await app.press('f')
    expect(app.frame()).toMatch(/People \d+\/11/)
    expect(app.frame()).toContain('with findings')
    await app.press('f', 's')
    expect(app.frame()).toContain('People 11 · name')
    await app.press('s')
    expect(app.frame()).toContain('People 11 · last activity')
  })

  it('? shows every key; Esc closes it', async () => {
    const app = renderApp(model)
    await app.press('?')
    const frame = app.frame()
    for (const key of [
      'j ↓',
      'PgDn',
      'Tab l →',
      'Enter',
      'Esc',
      'e ',
      'E ',
      'w ',
      'W ',
      '/ ',
      'f ',
      's ',
      'y ',
      'o ',
      '? ',
      'q C-c',
    ]) {
      expect(frame).toContain(`  ${key}`)
    }
    await app.press(KEY.escape)
    expect(app.frame()).toContain('▸ People')
  })

  it('fits 80×24 and 200×50, and adapts when resized', async () => {
    const app = renderApp(model, { width: 80, height: 24 })
    let lines = app.frame().split('\n')
    expect(lines).toHaveLength(24)
    for (const l of lines) expect(Array.from(l).length).toBeLessThanOrEqual(80)
    expect(lines[0]).toContain('People 11')
    expect(lines[23]).toMatch(/…$/)
    app.resize(200, 50)
    await app.press()
    lines = app.frame().split('\n')
    expect(lines).toHaveLength(50)
    for (const l of lines) expect(Array.from(l).length).toBeLessThanOrEqual(200)
    expect(lines.some((l) => l.length > 150)).toBe(true)
    expect(app.frame()).toContain('2024-06-01 12:00:01 GET')
    app.resize(30, 8)
    await app.press()
    expect(app.frame()).toContain('terminal too small (30×8)')
  })

  it('shows values holding escape sequences escaped, in the list, the detail and the clipboard', async () => {
    const escaped = buildModel(await loadAnalysis([escapeLog()]))
    const app = renderApp(escaped)
    const frame = app.raw()
    expect(frame).not.toContain('\u0007')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for raw control characters is the point
    expect(frame).not.toMatch(/\u001b\]/)
    expect(app.frame()).toContain('eve\\x1b]0;pwned\\x07\\x1b[31m@evil.example')
    await app.press(KEY.enter, KEY.enter)
    // In the params, JSON's own escapes.
    expect(app.frame()).toContain('"userName": "eve\\u001b]0;pwned\\u0007\\u001b[31m@evil.example"')
    await app.press('y')
    const [sequence] = app.recorded.terminal
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for raw control characters is the point
    expect(sequence).toMatch(/^\u001b\]52;c;[A-Za-z0-9+/=]+\u0007$/)
    const copied = Buffer.from((sequence as string).slice(7, -1), 'base64').toString('utf8')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for raw control characters is the point
    expect(copied).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/)
    expect(JSON.parse(copied).body.userName).toBe('eve\u001b]0;pwned\u0007\u001b[31m@evil.example')
    expect(app.frame()).toContain('copied request as JSON')
  })

  it('y on a person copies their Markdown; o writes it to the file named', async () => {
    const app = renderApp(model)
    await app.press('y')
    const text = Buffer.from((app.recorded.terminal[0] as string).slice(7, -1), 'base64').toString('utf8')
    expect(text).toContain('### jian.yang@hooli.example')
    expect(text).toContain('`inactive-or-unlinked-identity`')
    expect(text).toContain('## Timeline')
    await app.press('o')
    expect(app.frame()).toContain('write Markdown to: scimtrace-jian.yang@hooli.example.md█')
    await app.press(KEY.backspace, KEY.backspace)
    await app.type('txt')
    await app.press(KEY.enter)
    expect(app.recorded.files).toHaveLength(1)
    expect(app.recorded.files[0]?.path).toBe('scimtrace-jian.yang@hooli.example.txt')
    expect(app.recorded.files[0]?.text).toBe(text)
    expect(app.frame()).toContain('wrote scimtrace-jian.yang@hooli.example.txt')
  })

  it('q quits', async () => {
    const app = renderApp(model)
    await app.press('q')
    expect(app.recorded.quits).toBe(1)
  })
})
