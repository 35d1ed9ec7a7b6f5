/**
 * Opening an input: read its first bytes for detection without losing them.
 *
 * Regular files are peeked with a positioned read and reopened from the start, so the api_json reader can
 * still scan them by byte ranges. Streams (stdin, pipes, FIFOs) cannot be reopened, so the peeked chunks
 * are replayed in front of the rest.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs'
import { Readable } from 'node:stream'
import { pause } from '../common/pause.js'
import { PEEK_BYTES } from './detect.js'
import { inputErrorFor } from './fs-errors.js'

export interface OpenedInput {
  display: string
  /** Set for regular files: the input can be reopened, and scanned in parallel when uncompressed. */
  path?: string
  /** Up to `PEEK_BYTES` first bytes, as stored (still compressed for gzip). */
  head: Buffer
  /** True when `head` holds the whole input. */
  complete: boolean
  /** All of the input's bytes from the start, as stored. Call at most once. */
  bytes(): Readable
}

export async function openFile(path: string, display: string): Promise<OpenedInput> {
  try {
    // Synchronous: a peek is one small read, and three thread-pool round trips per file made a directory of
    // 10,000 small files wait more than it read (probe D15).
    // stat before open: opening a FIFO blocks until it has a writer, which a stream waits for instead.
    const info = statSync(path)
    if (!info.isFile()) return await openStream(createReadStream(path), display)
    const fd = openSync(path, 'r')
    try {
      const buffer = Buffer.alloc(Math.min(PEEK_BYTES, Math.max(info.size, 1)))
      const bytesRead = readSync(fd, buffer, 0, buffer.length, 0)
      const head = buffer.subarray(0, bytesRead)
      return { display, path, head, complete: bytesRead >= info.size, bytes: () => createReadStream(path) }
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    throw inputErrorFor(display, error)
  }
}

/**
 * How long a peek waits for more of a stream once it holds a whole line: a log piped as it is written may
 * take minutes to fill `PEEK_BYTES`, and its first lines tell its format as well.
 */
const PEEK_PAUSE_MS = 200

/** Peek a stream (stdin, a pipe): the returned `bytes()` yields the peeked chunks, then the rest. */
export async function openStream(
  stream: NodeJS.ReadableStream | Readable,
  display: string,
): Promise<OpenedInput> {
  const iterator = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]()
  const chunks: Buffer[] = []
  let size = 0
  let ended = false
  let wholeLine = false
  // A read the peek stopped waiting for: the replay takes it first.
  let pending: Promise<IteratorResult<unknown>> | undefined
  while (size < PEEK_BYTES) {
    const next = iterator.next()
    const result = wholeLine ? await Promise.race([next, pause(PEEK_PAUSE_MS)]) : await next
    if (result === undefined) {
      pending = next
      // Seen now, thrown by the replay: an input never read past its peek is no unhandled rejection.
      next.catch(() => {})
      break
    }
    if (result.done) {
      ended = true
      break
    }
    const chunk = toBuffer(result.value)
    chunks.push(chunk)
    size += chunk.length
    wholeLine ||= chunk.includes(0x0a)
  }
  const head = Buffer.concat(chunks).subarray(0, PEEK_BYTES)
  let used = false
  return {
    display,
    head,
    complete: ended && size <= PEEK_BYTES,
    bytes: () => {
      if (used) throw new Error(`internal: '${display}' can be read only once`)
      used = true
      return Readable.from(replay(chunks, ended ? undefined : iterator, pending), { objectMode: false })
    },
  }
}

async function* replay(
  chunks: Buffer[],
  rest: AsyncIterator<unknown> | undefined,
  pending: Promise<IteratorResult<unknown>> | undefined,
): AsyncGenerator<Buffer> {
  yield* chunks
  if (!rest) return
  try {
    if (pending) {
      const next = await pending
      if (next.done) return
      yield toBuffer(next.value)
    }
    for (;;) {
      const next = await rest.next()
      if (next.done) return
      yield toBuffer(next.value)
    }
  } finally {
    await rest.return?.() // a reader that stops early releases the source stream too
  }
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8')
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  throw new TypeError('input stream yielded something other than bytes or text')
}
