/**
 * The argument checks yargs cannot make, done on the raw command line (yargs' result has already lost
 * what they need):
 * - an option that takes a value but was given none (`-f`, `--group` at the end or before another option,
 *   `--method ""`): yargs reads it as '' or the default, so `report -f` printed text;
 * - a single-valued option given twice (`-f json -f ndjson`): yargs makes an array and the command printed
 *   the table;
 * - a boolean with a value other than true/false (`--quiet=maybe`, `--redact=no`): yargs reads it as false;
 * - `-` (stdin) among files, and names after `--`: yargs drops a lone `-` and puts the rest in `_`, so both
 *   were silently not read. The positionals are rebuilt here, in the order given.
 * Run as a yargs middleware before validation (`main.ts`), so it sees the chosen command's options.
 */
import { UserError } from '../common/errors.js'

/** What `yargs.getOptions()` tells of the chosen command's options (the parts used here). */
export interface OptionTable {
  boolean: string[]
  array: string[]
  alias: Record<string, string[]>
  key: Record<string, unknown>
}

/** Positional argument names: given as positionals, never as options. */
const POSITIONALS = new Set(['who', 'inputs'])

interface Known {
  canonical: string
  boolean: boolean
  repeatable: boolean
}

function optionIndex(options: OptionTable): Map<string, Known> {
  const index = new Map<string, Known>()
  for (const key of Object.keys(options.key)) {
    if (POSITIONALS.has(key)) continue
    const known = {
      canonical: key,
      boolean: options.boolean.includes(key),
      repeatable: options.array.includes(key),
    }
    index.set(key, known)
    for (const alias of options.alias[key] ?? []) index.set(alias, known)
  }
  return index
}

const shown = (name: string) => (name.length === 1 ? `-${name}` : `--${name}`)

export interface CheckedArgs {
  /** Every positional argument after the command's name, in order (`-` and those after `--` included). */
  positionals: string[]
}

/**
 * Check `argv` (the command line after `scimtrace`) against the chosen command's options; throws a
 * UserError (exit 2) for the cases above.
 */
export function checkArgs(argv: readonly string[], options: OptionTable): CheckedArgs {
  const index = optionIndex(options)
  const seen = new Map<string, string>()
  const positionals: string[] = []
  const note = (known: Known, name: string, value: string) => {
    const before = seen.get(known.canonical)
    if (before !== undefined && !known.repeatable && !(known.boolean && before === value))
      throw new UserError(`${shown(name)} is given more than once; give it once`)
    seen.set(known.canonical, value)
  }
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string
    if (token === '--') {
      for (let j = i + 1; j < argv.length; j++) positionals.push(argv[j] as string)
      break
    }
    if (token === '-' || !token.startsWith('-')) {
      positionals.push(token)
      continue
    }
    const long = token.startsWith('--')
    const body = token.slice(long ? 2 : 1)
    const eq = body.indexOf('=')
    let name = eq === -1 ? body : body.slice(0, eq)
    let inline = eq === -1 ? undefined : body.slice(eq + 1)
    let known = index.get(name)
    if (!known && long && name.startsWith('no-') && index.get(name.slice(3))?.boolean) {
      // `--no-quiet`: a boolean's negation, itself without a value.
      if (inline !== undefined) throw new UserError(`${token}: --${name} takes no value`)
      name = name.slice(3)
      known = index.get(name) as Known
      inline = 'false'
    }
    // Unknown options and grouped short flags (`-qx`) are left to yargs' strict mode.
    if (!known) continue
    if (known.boolean) {
      let value = inline
      if (value === undefined) {
        // yargs takes a following `true`/`false` as the boolean's value.
        const next = argv[i + 1]
        if (next === 'true' || next === 'false') {
          value = next
          i++
        } else value = 'true'
      }
      if (value !== 'true' && value !== 'false')
        throw new UserError(`${shown(name)} is a switch: '${value}' is not true or false`)
      note(known, name, value)
      continue
    }
    let value = inline
    if (value === undefined) {
      const next = argv[i + 1]
      if (next !== undefined && (next === '-' || !next.startsWith('-'))) {
        value = next
        i++
      }
    }
    if (value === undefined || value.trim() === '') throw new UserError(`${shown(name)} needs a value`)
    note(known, name, value)
  }
  return { positionals }
}

/**
 * The inputs of a command whose positionals are `<command> [who] [inputs..]`: what follows the command's
 * name and, if the command takes one, `who`.
 */
export function inputsOf(positionals: readonly string[], command: string, takesWho: boolean): string[] {
  const at = positionals.indexOf(command)
  return positionals.slice(at + 1 + (takesWho ? 1 : 0))
}
