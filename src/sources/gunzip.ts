/**
 * Inflating gzip input so that a truncated file (a crash mid-rotation, a copy cut short) keeps every byte
 * that can be recovered, as `zcat` does, and is still reported as truncated.
 *
 * Node's gunzip fails a truncated stream with "unexpected end of file" and drops the output of its last
 * write, up to a whole output chunk (1 MiB: ~1,800 log lines). Inflating with `Z_SYNC_FLUSH` keeps that
 * output but says nothing about the truncation. So the normal inflate runs, and only when it fails that way
 * and the input can be read again (a file, not stdin) is the file inflated a second time with `Z_SYNC_FLUSH`,
 * past the bytes already passed on; then the truncation error is raised. The second pass costs time only
 * for truncated files.
 */
import { pipeline, type Readable } from 'node:stream'
import { constants, createGunzip } from 'node:zlib'

/** The inflated chunks of `source`; `reopen` gives the same compressed bytes again, from the start. */
export async function* gunzipChunks(
  source: Readable,
  chunkSize: number,
  reopen?: () => Readable,
): AsyncGenerator<Buffer> {
  let passed = 0
  try {
    for await (const chunk of inflate(source, chunkSize, constants.Z_FINISH)) {
      passed += chunk.length
      yield chunk
    }
    return
  } catch (error) {
    if (!reopen || !isTruncated(error)) throw error
    let skip = passed
    for await (const chunk of inflate(reopen(), chunkSize, constants.Z_SYNC_FLUSH)) {
      if (skip >= chunk.length) {
        skip -= chunk.length
        continue
      }
      yield skip > 0 ? chunk.subarray(skip) : chunk
      skip = 0
    }
    throw error
  }
}

function inflate(source: Readable, chunkSize: number, finishFlush: number): AsyncIterable<Buffer> {
  // `pipeline` passes the source's errors (a vanished file) on to the gunzip, which the loop sees.
  return pipeline(source, createGunzip({ chunkSize, finishFlush }), () => {})
}

/** Node's error for a gzip stream that ends before its trailer. */
export function isTruncated(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'Z_BUF_ERROR'
}
