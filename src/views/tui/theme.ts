/**
 * Tones to Ink text props. With colour off (`NO_COLOR`, `--color never`, not a terminal) only bold and
 * inverse remain, which NO_COLOR allows: the selection and focus still show.
 */
import type { Tone } from './lines.js'

export interface ToneProps {
  color?: string
  bold?: boolean
  dimColor?: boolean
}

const COLORS: Record<Tone, ToneProps> = {
  error: { color: 'red' },
  warning: { color: 'yellow' },
  info: { color: 'cyan' },
  ok: { color: 'green' },
  dim: { dimColor: true },
  accent: { color: 'cyan' },
  bold: { bold: true },
}

export function toneProps(tone: Tone | undefined, colors: boolean): ToneProps {
  if (tone === undefined) return {}
  if (!colors) return tone === 'bold' ? { bold: true } : {}
  return COLORS[tone]
}

/** The one-character badge for a severity or level. */
export function levelMark(level: 'error' | 'warning' | 'info' | undefined): string {
  return level === 'error' ? '✗' : level === 'warning' ? '!' : level === 'info' ? 'i' : ' '
}

export function levelTone(level: 'error' | 'warning' | 'info' | undefined): Tone | undefined {
  return level === 'error' ? 'error' : level === 'warning' ? 'warning' : level === 'info' ? 'info' : undefined
}
