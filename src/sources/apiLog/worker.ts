/**
 * A range worker: scans `[start, end)` of a plain file (the range starts at a line start and ends just
 * after a `\n`, or at the end of the file) and posts the parsed candidates back in batches, with line
 * numbers relative to the range, then its counts.
 */
import { closeSync, openSync, readSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import type { SkipReason } from '../types.js'
import { ChunkBuffer, LineScanner, type ScanEntry } from './scanner.js'

export interface WorkerData {
  path: string
  start: number
  end: number
  chunk: number
  maxLine: number
}

/** How many skipped locations a worker reports per reason (the rest are counted). */
const FIRST_SKIPS = 5

export type WorkerMessage =
  | { type: 'batch'; entries: ScanEntry[] }
  | {
      type: 'done'
      lines: number
      other: number
      bytes: number
      skips: Partial<Record<SkipReason, { count: number; first: number[] }>>
    }

const BATCH = 256

function run(data: WorkerData): void {
  const port = parentPort
  if (!port) return
  const skips: Partial<Record<SkipReason, { count: number; first: number[] }>> = {}
  const scanner = new LineScanner(
    {
      skip(reason, line) {
        let tally = skips[reason]
        if (!tally) {
          tally = { count: 0, first: [] }
          skips[reason] = tally
        }
        tally.count++
        if (tally.first.length < FIRST_SKIPS) tally.first.push(line)
      },
    },
    data.maxLine,
  )
  const buffer = new ChunkBuffer(scanner, data.chunk, data.maxLine, data.start)
  const fd = openSync(data.path, 'r')
  let pending: ScanEntry[] = []
  let position = data.start
  try {
    while (position < data.end) {
      const n = readSync(
        fd,
        buffer.buffer,
        buffer.readOffset,
        Math.min(buffer.readSize, data.end - position),
        position,
      )
      if (n === 0) break
      position += n
      buffer.commit(n)
      if (scanner.entries.length > 0) {
        pending = pending.length === 0 ? scanner.take() : pending.concat(scanner.take())
        if (pending.length >= BATCH) {
          port.postMessage({ type: 'batch', entries: pending } satisfies WorkerMessage)
          pending = []
        }
      }
    }
    buffer.end()
  } finally {
    closeSync(fd)
  }
  pending = pending.concat(scanner.take())
  if (pending.length > 0) port.postMessage({ type: 'batch', entries: pending } satisfies WorkerMessage)
  port.postMessage({
    type: 'done',
    lines: scanner.lines,
    other: scanner.other,
    bytes: position - data.start,
    skips,
  } satisfies WorkerMessage)
}

if (parentPort) run(workerData as WorkerData)
