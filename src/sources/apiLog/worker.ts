/**
 * A range worker: claims segments of a plain file from the shared counter (`claims[0]`), scans each and
 * posts its `SegmentResult` on `port`, then bumps `claims[1]` and wakes the main thread, which may be waiting
 * on it. Stops when the segments run out (or the main thread sets `claims[0]` past the end).
 */
import { closeSync, openSync } from 'node:fs'
import { type MessagePort, workerData } from 'node:worker_threads'
import { SegmentReader } from './segments.js'

export interface WorkerData {
  path: string
  size: number
  segmentBytes: number
  chunk: number
  maxLine: number
  /** Int32Array view: [0] next segment to claim, [1] results posted (for `Atomics.waitAsync`). */
  claims: SharedArrayBuffer
  port: MessagePort
}

export type WorkerMessage = { type: 'error'; message: string; code?: string }

function run(data: WorkerData): void {
  const claims = new Int32Array(data.claims)
  const port = data.port
  let fd: number | undefined
  try {
    fd = openSync(data.path, 'r')
    const reader = new SegmentReader(fd, data.size, data.segmentBytes, data.chunk, data.maxLine)
    for (;;) {
      const index = Atomics.add(claims, 0, 1)
      if (index >= reader.count) break
      port.postMessage(reader.scan(index))
      Atomics.add(claims, 1, 1)
      Atomics.notify(claims, 1)
    }
  } catch (error) {
    const e = error as Error & { code?: unknown }
    port.postMessage({
      type: 'error',
      message: e.message,
      code: typeof e.code === 'string' ? e.code : undefined,
    } satisfies WorkerMessage)
    Atomics.add(claims, 1, 1)
    Atomics.notify(claims, 1)
  } finally {
    if (fd !== undefined) closeSync(fd)
    port.close()
  }
}

if (workerData) run(workerData as WorkerData)
