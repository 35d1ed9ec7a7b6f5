/**
 * A source that is not a file (as a cluster's query is): documents held in memory, read one at a time with a
 * pause between them, so a test sees reading go on.
 */
import { readFileSync } from 'node:fs'
import type { Source, SourceContext, SourceProgress } from '../../../src/sources/source.js'
import type { RawEntry } from '../../../src/sources/types.js'

export function documentsOf(files: readonly string[]): Record<string, unknown>[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  )
}

export class SlowSource implements Source {
  readonly description = 'logs@memory'
  read = 0
  constructor(
    private readonly items: readonly Record<string, unknown>[],
    /** Milliseconds to wait before each document (by its index). */
    private readonly pauseMs: number | ((index: number) => number),
  ) {}
  async *entries(context: SourceContext): AsyncGenerator<RawEntry> {
    const tally = context.accounting.addSource({
      name: this.description,
      format: 'es-json',
      bytes: 0,
      lines: 0,
    })
    for (const [index, doc] of this.items.entries()) {
      const pause = typeof this.pauseMs === 'number' ? this.pauseMs : this.pauseMs(index)
      await new Promise((resolve) => setTimeout(resolve, pause))
      context.signal?.throwIfAborted()
      this.read++
      context.accounting.lines++
      tally.lines++
      yield { doc, origin: { source: this.description, item: this.read } }
    }
  }
  progress(): SourceProgress {
    return { unit: 'documents', done: this.read, total: this.items.length }
  }
}
