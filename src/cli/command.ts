/**
 * What a command is: one typed definition, the only place its usage and description are written. `main.ts`
 * builds yargs from the list of definitions (`commands/index.ts`); `startup.ts` tunes the process for the
 * chosen definition's behaviour before yargs loads.
 */
import type { Argv } from 'yargs'
import type { Io } from './context.js'

/**
 * How the process is tuned for a command (`startup.ts`): `batch` for one pass over logs that then exits
 * (V8 flags measured on such runs, the read worker booted early for a big input); `interactive` for a
 * long-lived session (no early worker); `none` for a command that reads no logs (V8's defaults).
 */
export type Tuning = 'batch' | 'interactive' | 'none'

export interface CommandBehaviour {
  /** Whether the command reads log inputs: it then gets the positional `inputs` (after `<who>`, if any). */
  reads: boolean
  tuning: Tuning
}

export interface CommandDefinition<Args = never> {
  /** The yargs usage: the name, then its positionals (`explain <who> [inputs..]`). */
  command: string
  /** The one line `--help` shows. */
  describe: string
  behaviour: CommandBehaviour
  builder(yargs: Argv): Argv
  /** Runs the command; resolves to the exit code. */
  handler(args: Args, io: Io): Promise<number>
}

/** A command's definition, its argument type checked against its handler. */
export function defineCommand<Args>(definition: CommandDefinition<Args>): CommandDefinition<Args> {
  return definition
}

/** The name a definition is chosen by: the first word of its usage. */
export function commandName(definition: Pick<CommandDefinition, 'command'>): string {
  return definition.command.split(' ')[0] ?? definition.command
}
