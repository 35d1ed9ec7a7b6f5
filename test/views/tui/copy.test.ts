import { expect, it } from 'vitest'
import { findingMarkdown, inertJson, osc52 } from '../../../src/views/tui/copy.js'
import { loadModel } from './helpers.js'

it('copies inert text: JSON with control characters as \\u escapes, OSC 52 base64 of escaped text', async () => {
  expect(inertJson({ a: 'x\u001b[2J\u0085\u202e' })).toBe('{\n  "a": "x\\u001b[2J\\u0085\\u202e"\n}')
  expect(JSON.parse(inertJson({ a: 'x\u0085' })).a).toBe('x\u0085')
  const sequence = osc52('line one\nbell \u0007 here')
  expect(sequence.startsWith('\u001b]52;c;')).toBe(true)
  expect(Buffer.from(sequence.slice(7, -1), 'base64').toString()).toBe('line one\nbell \\x07 here')
  const model = await loadModel()
  const finding = model.rows[0]?.findings[0]
  if (!finding) throw new Error('no finding')
  const text = findingMarkdown({ ...finding, title: 'a ``` fence' })
  // The fence is longer than the run of backticks inside, so the title cannot close it.
  expect(text).toMatch(/^### `[a-z-]+` — a \\`\\`\\` fence\n\n````text\n/)
  expect(text.endsWith('\n````\n')).toBe(true)
})
