/**
 * Whether a file in a directory whose name says nothing (`scim-errors.log`, `export-2024-05`) is a log or an
 * export, judged by its first bytes as `detectFormat` judges any input. Files named like logs or exports are
 * read without this; a named input is always read.
 */
import { open } from 'node:fs/promises'
import { detectFormat, inflateHead, isGzip, PEEK_BYTES } from './detect.js'
import type { DetectedFormat } from './types.js'

export type Sniffed = { read: true; format: DetectedFormat } | { read: false; reason: string }

export async function sniffFile(path: string, size: number): Promise<Sniffed> {
  if (size === 0) return { read: false, reason: 'empty' }
  const handle = await open(path, 'r')
  let head: Buffer
  try {
    const buffer = Buffer.alloc(Math.min(PEEK_BYTES, size))
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    head = buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
  const gzip = isGzip(head)
  const inner = gzip ? inflateHead(head) : head
  if (!/\S/.test(inner.subarray(0, 4096).toString('latin1'))) return { read: false, reason: 'blank' }
  const format = detectFormat(inner, { complete: !gzip && head.length >= size })
  if (format === 'unknown') return { read: false, reason: 'not an API log or export by its first bytes' }
  return { read: true, format }
}
