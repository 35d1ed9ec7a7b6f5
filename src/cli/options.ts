/**
 * Options every command shares, and the argument checks yargs leaves to us.
 */

import type { Argv } from 'yargs'
import { parseMemory } from '../analysis/memory-guard.js'
import { UserError } from '../common/errors.js'
import { parseVersion } from '../diagnosis/versions/gitlab.js'
import { INPUT_FORMATS } from '../sources/formats.js'
import { viewFormats } from '../views/formats.js'
import type { ModelName } from '../views/view.js'
import { withEsOptions } from './es-options.js'

export function withInputs<T>(yargs: Argv<T>) {
  return (
    withEsOptions(yargs)
      .positional('inputs', {
        describe:
          'api_json.log files (plain, .gz, svlogd @4000….s), Kibana/Elasticsearch exports, directories, or - for stdin',
        type: 'string',
        array: true,
      })
      .option('input-format', {
        describe: 'Read every input as this format instead of detecting it per file',
        choices: INPUT_FORMATS,
        default: 'auto' as const,
      })
      .option('color', {
        describe: 'Colour output: auto (only on a terminal, never with NO_COLOR), always, never',
        choices: ['auto', 'always', 'never'] as const,
        default: 'auto' as const,
      })
      .option('quiet', {
        alias: 'q',
        describe: 'Do not print the accounting summary on stderr',
        type: 'boolean',
        default: false,
      })
      // Memory bound (issue #14, D5): kept a separate block, see analysis/memory-guard.ts.
      .option('max-memory', {
        describe:
          'Stop reading (exit 6) once the heap passes this size (512M, 4G); default 85% of the heap limit',
        type: 'string',
        coerce: (text: string) => {
          const bytes = parseMemory(String(text))
          if (bytes === undefined) throw new UserError(`--max-memory '${text}' is not a size (512M, 4G)`)
          return bytes
        },
      })
      .option('gitlab-version', {
        describe:
          'The GitLab version the logs come from (15.4, 14.10.2): rules and remedies follow its behaviour; default: inferred from the logs, shown in the report',
        type: 'string',
        coerce: (text: string) => {
          const version = parseVersion(String(text))
          if (version === undefined)
            throw new UserError(`--gitlab-version '${text}' is not a GitLab version (major.minor, as 15.4)`)
          return version
        },
      })
  )
}

export function parseList(
  text: string | undefined,
  transform: (s: string) => string = (s) => s,
): string[] | undefined {
  if (text === undefined) return undefined
  return text
    .split(',')
    .map((part) => transform(part.trim()))
    .filter((part) => part !== '')
}

/** `--format`: the views registered for `model` (`views/formats.ts`), the first one the default. */
export function formatOption(model: ModelName, describe?: string) {
  const choices = viewFormats(model)
  return {
    alias: 'f',
    ...(describe !== undefined ? { describe } : {}),
    choices,
    default: choices[0],
  }
}
/** `--redact`, the same for every command that takes it (`analysis/redact.ts` says what it covers). */
export const REDACT_OPTION = {
  describe:
    'Replace every person value (emails, userNames, names, ids, PATCHed and filtered values), group paths, object ids, correlation ids and IPs with stable aliases, to share the output',
  type: 'boolean',
  default: false,
} as const
