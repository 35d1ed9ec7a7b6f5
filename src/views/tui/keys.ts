/**
 * The keys, lnav's where lnav has one. One table: the key handler reads it, and the help overlay lists it,
 * so the overlay cannot miss a key. `w`/`W` are lnav's next/previous warning, so writing the person's
 * report to a file is `o` (output); Ctrl-S is left alone, since many terminals take it for flow control.
 */
export type Command =
  | 'down'
  | 'up'
  | 'page-down'
  | 'page-up'
  | 'home'
  | 'end'
  | 'next-pane'
  | 'previous-pane'
  | 'open'
  | 'back'
  | 'next-error'
  | 'previous-error'
  | 'next-warning'
  | 'previous-warning'
  | 'filter'
  | 'only-findings'
  | 'sort'
  | 'copy'
  | 'write'
  | 'help'
  | 'quit'

/** What Ink's `useInput` reports for a key (the fields this module reads). */
export interface KeyInfo {
  upArrow?: boolean
  downArrow?: boolean
  leftArrow?: boolean
  rightArrow?: boolean
  pageUp?: boolean
  pageDown?: boolean
  home?: boolean
  end?: boolean
  return?: boolean
  escape?: boolean
  ctrl?: boolean
  shift?: boolean
  tab?: boolean
  backspace?: boolean
  delete?: boolean
  meta?: boolean
}

export interface KeyBinding {
  keys: string
  does: string
  command: Command
  matches(input: string, key: KeyInfo): boolean
}

const char = (c: string) => (input: string, key: KeyInfo) => input === c && !key.ctrl && !key.meta

export const KEYS: readonly KeyBinding[] = [
  {
    keys: 'j ↓',
    does: 'move down',
    command: 'down',
    matches: (i, k) => char('j')(i, k) || k.downArrow === true,
  },
  { keys: 'k ↑', does: 'move up', command: 'up', matches: (i, k) => char('k')(i, k) || k.upArrow === true },
  {
    keys: 'PgDn Space',
    does: 'page down',
    command: 'page-down',
    matches: (i, k) => k.pageDown === true || char(' ')(i, k),
  },
  {
    keys: 'PgUp b',
    does: 'page up',
    command: 'page-up',
    matches: (i, k) => k.pageUp === true || char('b')(i, k),
  },
  {
    keys: 'g Home',
    does: 'first row',
    command: 'home',
    matches: (i, k) => char('g')(i, k) || k.home === true,
  },
  { keys: 'G End', does: 'last row', command: 'end', matches: (i, k) => char('G')(i, k) || k.end === true },
  {
    keys: 'Tab l →',
    does: 'next pane',
    command: 'next-pane',
    matches: (i, k) => (k.tab === true && !k.shift) || char('l')(i, k) || k.rightArrow === true,
  },
  {
    keys: 'S-Tab h ←',
    does: 'previous pane',
    command: 'previous-pane',
    matches: (i, k) => (k.tab === true && k.shift === true) || char('h')(i, k) || k.leftArrow === true,
  },
  {
    keys: 'Enter',
    does: 'open: person → timeline → detail; in detail fold/unfold',
    command: 'open',
    matches: (_i, k) => k.return === true,
  },
  {
    keys: 'Esc',
    does: 'back; close help; clear filter',
    command: 'back',
    matches: (_i, k) => k.escape === true,
  },
  { keys: 'e', does: 'next error', command: 'next-error', matches: char('e') },
  { keys: 'E', does: 'previous error', command: 'previous-error', matches: char('E') },
  { keys: 'w', does: 'next warning', command: 'next-warning', matches: char('w') },
  { keys: 'W', does: 'previous warning', command: 'previous-warning', matches: char('W') },
  {
    keys: '/',
    does: 'filter: text, status: idp: action: rule: group: since: until:',
    command: 'filter',
    matches: char('/'),
  },
  { keys: 'f', does: 'only people with findings (toggle)', command: 'only-findings', matches: char('f') },
  { keys: 's', does: 'sort: last activity, problems, name', command: 'sort', matches: char('s') },
  {
    keys: 'y',
    does: 'copy selection (OSC 52): request as JSON, finding/person as Markdown',
    command: 'copy',
    matches: char('y'),
  },
  { keys: 'o', does: "write the person's report (Markdown) to a file", command: 'write', matches: char('o') },
  { keys: '?', does: 'this help', command: 'help', matches: char('?') },
  {
    keys: 'q C-c',
    does: 'quit',
    command: 'quit',
    matches: (i, k) => char('q')(i, k) || (k.ctrl === true && i === 'c'),
  },
]

export function commandFor(input: string, key: KeyInfo): Command | undefined {
  return KEYS.find((binding) => binding.matches(input, key))?.command
}

/** A line editor's response to a key: the new text, or accept / cancel. */
export type EditResult = { text: string } | 'accept' | 'cancel'

export function editLine(text: string, input: string, key: KeyInfo): EditResult {
  if (key.return) return 'accept'
  if (key.escape) return 'cancel'
  if (key.ctrl && input === 'c') return 'cancel'
  if (key.ctrl && input === 'u') return { text: '' }
  if (key.ctrl && input === 'w') return { text: text.replace(/\S+\s*$/, '') }
  if (key.backspace || key.delete) return { text: text.slice(0, -1) }
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow)
    return { text }
  // Pasted text may hold control characters: keep only printable ones.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
  return { text: text + input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '') }
}
