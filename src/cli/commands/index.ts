/**
 * The commands, in the order `--help` lists them: a new command is one definition (`../command.ts`) in its
 * own file and one line here.
 */
import type { CommandDefinition } from '../command.js'
import { explainCommand } from './explain.js'
import { queryCommand } from './query.js'
import { reportCommand } from './report.js'
import { searchCommand } from './search.js'
import { timelineCommand } from './timeline.js'
import { tuiCommand } from './tui.js'
import { usersCommand } from './users.js'

export const COMMANDS: readonly CommandDefinition<never>[] = [
  searchCommand,
  usersCommand,
  timelineCommand,
  explainCommand,
  reportCommand,
  tuiCommand,
  queryCommand,
]
