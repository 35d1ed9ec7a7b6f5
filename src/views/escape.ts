/**
 * Log values are untrusted: a userName can hold terminal escape sequences, bidi overrides or megabytes
 * of text. Everything printed goes through here: control characters become visible escapes and long
 * values are cut.
 */

// C0 and C1 controls, DEL, line/paragraph separators and bidi controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** Replace unsafe characters with `\xNN`/`\uNNNN` so they show instead of acting. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0)
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

/** Escape, then cut to `max` characters with an ellipsis. */
export function safe(value: unknown, max = 200): string {
  const text = escapeControl(
    typeof value === 'string' ? value : value === undefined ? '' : (JSON.stringify(value) ?? String(value)),
  )
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text
}

/** Visible width of a string (without our own ANSI colour codes). */
export function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips our own SGR sequences
  return text.replace(/\u001b\[[0-9;]*m/g, '').length
}
