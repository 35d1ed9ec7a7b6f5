import { InputError } from '../common/errors.js'

/** Short, user-facing words for the file-system errors people actually hit. */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a parent is not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
}

/** Turn an fs error about `display` into one clear line: `cannot read 'x': no such file`. */
export function inputErrorFor(display: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const reason = (code && REASONS[code]) ?? (error instanceof Error ? error.message : String(error))
  return new InputError(`cannot read '${display}': ${reason}`)
}
