/**
 * A read worker hands the main thread each candidate's selected fields re-serialised as JSON text. That
 * round trip must give back the same values the main thread would have parsed from the line, or the records
 * depend on which thread read a segment (probe D6): `JSON.stringify` writes a number too big for a double
 * (`1e309`, parsed as Infinity) as `null`, which means "no response" rather than "not a number"; it also
 * throws on a document nested deeper than the stack. When the re-serialised text
 * would not round-trip, the worker hands over the line's own text instead, which the main thread parses
 * exactly as a single-threaded read does.
 */
import type { LogDoc } from '../types.js'

/** The text to hand over for the picked `doc` of the line `line`. */
export function pickedText(doc: LogDoc, line: string): string {
  let out: string
  try {
    out = JSON.stringify(doc)
  } catch {
    return line // too deep for the stack: the main thread parses the line and decides
  }
  // Only a value written as `null` can have lost something; most documents have none.
  if (out.includes('null') && !roundTrips(doc)) return line
  return out
}

/** Whether every number in `value` survives JSON text, i.e. is finite (walked without recursion). */
function roundTrips(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) return false
    } else if (item !== null && typeof item === 'object') {
      if (Array.isArray(item)) for (let i = 0; i < item.length; i++) stack.push(item[i])
      else for (const key in item) stack.push((item as Record<string, unknown>)[key])
    }
  }
  return true
}
