/**
 * Whether plain `scimtrace [inputs…]` (no command) opens the explorer: on a terminal, when the first
 * argument is an input that exists (so a mistyped command still gets yargs' "did you mean"), or when there
 * are no arguments and a log is piped in. Kept apart from the command so the CLI can ask without loading it.
 */
import { existsSync } from 'node:fs'

export function opensExplorer(
  argv: readonly string[],
  io: { stdout: { isTTY?: boolean }; stdin: { isTTY?: boolean } },
): boolean {
  if (io.stdout.isTTY !== true) return false
  if (argv.some((arg) => arg === '--help' || arg === '-h' || arg === '--version')) return false
  const first = argv.find((arg) => arg === '-' || !arg.startsWith('-'))
  if (first === undefined) return argv.length === 0 && io.stdin.isTTY !== true
  return first === '-' || existsSync(first)
}
