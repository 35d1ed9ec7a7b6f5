import { expect, it } from 'vitest'
import { opensExplorer } from '../../../src/views/tui/opens.js'
import { SAMPLE } from './helpers.js'

const terminal = { stdout: { isTTY: true }, stdin: { isTTY: true } }

it('plain `scimtrace <inputs>` opens the explorer only on a terminal and for an input that exists', () => {
  expect(opensExplorer([SAMPLE('errors/inactive-identity.log')], terminal)).toBe(true)
  expect(opensExplorer(['--color', 'never', SAMPLE('okta-lifecycle')], terminal)).toBe(false) // `never` is no input
  expect(opensExplorer(['reprot', SAMPLE('okta-lifecycle')], terminal)).toBe(false) // a mistyped command
  expect(opensExplorer([SAMPLE('okta-lifecycle')], { ...terminal, stdout: { isTTY: false } })).toBe(false)
  expect(opensExplorer(['--version'], terminal)).toBe(false)
  expect(opensExplorer([], terminal)).toBe(false)
  expect(opensExplorer([], { ...terminal, stdin: { isTTY: false } })).toBe(true) // a log piped in
})
