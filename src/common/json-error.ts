/**
 * Where a JSON text failed to parse, said without quoting it: V8's messages quote the input, and log
 * values can be credentials (`records/secrets.ts` keeps them out of output).
 */

/**
 * Where V8's message says the parse failed: `… at position N`, or, when it quotes the input instead
 * (`Unexpected token 'g', "glpat-SHORT1234" is not valid JSON`), where that quote stands in `text`.
 */
function errorPosition(message: string, text: string | undefined): number | undefined {
  const at = /position (\d+)/.exec(message)
  if (at) return Number(at[1])
  const quoted = /^Unexpected token '(.)', (?:\.\.\.)?"(.*)"(?:\.\.\.)? is not valid JSON$/s.exec(message)
  if (!quoted || text === undefined) return undefined
  const [, token, context] = quoted as unknown as [string, string, string]
  const start = text.indexOf(context)
  if (start === -1) return undefined
  return start + Math.max(0, context.indexOf(token))
}

/**
 * A JSON parse error's message without the bytes V8 quotes from the input (`Unexpected token 'g',
 * "glpat-SHORT1234" is not valid JSON`, `… "password":hunter2hun…`): only where it failed.
 */
export function jsonErrorPlace(error: unknown, text?: string): string {
  const message = error instanceof Error ? error.message : ''
  const position = errorPosition(message, text)
  if (position === undefined) return 'not valid JSON'
  if (text === undefined) return `not valid JSON at position ${position}`
  let line = 1
  let column = 1
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++
      column = 1
    } else column++
  }
  return `not valid JSON at line ${line}, column ${column}`
}
