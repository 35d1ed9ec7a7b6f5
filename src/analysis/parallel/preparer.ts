/**
 * Where the read workers find the records stage's preparer (`prepare-segment.ts`): the engine names it in
 * the selection it reads with, so a file big enough for two threads is normalised by both.
 */
import { entryUrl } from '../../common/threads/entry.js'

export function preparerUrl(): string {
  return entryUrl(import.meta.url, 'prepare-segment.js').href
}
