/**
 * The byte-level line scanner behind `readApiLog`: finds candidate lines (those containing `scim`) with a
 * native substring search, counts every other line with a native `\n` search, and decodes and parses only
 * the candidates. Shared by the main thread (streams, small files) and the range workers.
 *
 * Hand-written (no readline, no split2/ndjson) because only ~1% of lines matter and decoding the other 99%
 * is what makes general NDJSON readers slow; see the figures in `bench/readers.ts` and the header of
 * `index.ts`.
 */

import { isUtf8 } from 'node:buffer'
import { MAX_LINE_BYTES } from '../limits.js'
import type { SkipReason } from '../types.js'
import { pickedText } from './faithful.js'
import { KERNEL_PAD, ScanKernel } from './kernel.js'
import type { Selector } from './select.js'

/**
 * Bytes per read. Measured on the 2-core bench machine: 64–128 KiB reads from the page cache run at
 * ~6 GB/s and the scan stays in cache; from 256 KiB up the same loop falls to ~1.7 GB/s.
 */
export const DEFAULT_CHUNK_BYTES = 128 << 10

/**
 * The candidate marker is `scim`, but the search runs for `cim` and checks the byte before: Node's short-needle
 * search is a `memchr` for the first byte, and `c` is half as frequent as `s` in API log lines (1.3% vs 2.5%),
 * so this runs at ~4.4 GB/s instead of ~3.2 GB/s on cached data.
 */
const CIM = Buffer.from('cim', 'latin1')
const S = 115
const NL = 10
const CR = 13
const OPEN_BRACE = 123

export interface ScanEntry {
  doc: Record<string, unknown>
  /** 1-based line number, relative to where this scanner started. */
  line: number
}

export interface ScanSink {
  skip(reason: SkipReason, line: number): void
  /**
   * If set, candidates are handed over as text for another thread to parse with `parseCandidate`: the line
   * as it was (without the `\r`) once it passes the byte checks (length, NUL, UTF-8), or, with a selector,
   * the selected fields re-serialised.
   */
  text?(line: number, text: string): void
  /** If set (and `text` is not), parsed candidates go here instead of `entries`. */
  doc?(line: number, doc: Record<string, unknown>): void
}

/**
 * A pure line scanner: feed it views of complete data (`scan`), it tells you where the unfinished last
 * line starts. It keeps counts only; buffers belong to `ChunkBuffer`.
 */
export class LineScanner {
  /** Lines seen (complete, or final without `\n`). */
  lines = 0
  /** Lines without the candidate marker (including blank lines). */
  other = 0
  /** Parsed candidates since the last `take()`. */
  entries: ScanEntry[] = []
  /** Inside a too-long line whose beginning has been dropped: discard until the next `\n`. */
  private skipping = false
  /** Set by `ChunkBuffer` when its buffer lives in a kernel's memory: views there are scanned by the kernel. */
  kernel: ScanKernel | undefined

  constructor(
    private readonly sink: ScanSink,
    private readonly maxLine = MAX_LINE_BYTES,
    /** Drops unwanted candidates and fields here, in the scanning thread (`select.ts`). */
    private readonly selector?: Selector,
  ) {}

  take(): ScanEntry[] {
    const out = this.entries
    this.entries = []
    return out
  }

  /**
   * Scan `view` (all of it valid data, starting at a line start unless `skipping`). Returns the offset of the
   * start of the unfinished last line (`view.length` if the data ends with `\n`). With `final`, the
   * unfinished line is a line too and the return value is `view.length`.
   */
  scan(view: Buffer, final: boolean): number {
    const len = view.length
    let pos = 0
    if (this.skipping) {
      const nl = view.indexOf(NL)
      if (nl < 0) {
        if (final) this.endTooLong()
        return len
      }
      this.endTooLong()
      pos = nl + 1
    }
    const maxLine = this.maxLine
    const kernel = this.kernel
    if (kernel !== undefined && len <= maxLine && view.buffer === kernel.arrayBuffer) {
      return this.scanKernel(view, pos, final, kernel)
    }
    for (;;) {
      let hit = view.indexOf(CIM, pos)
      while (hit === 0 || (hit > 0 && view[hit - 1] !== S)) hit = view.indexOf(CIM, hit + 3)
      if (hit < 0) break
      hit-- // at the `s`
      const start = view.lastIndexOf(NL, hit) + 1
      // Lines between the previous candidate and this one: count them, never look inside.
      let p = pos
      while (p < start) {
        const nl = view.indexOf(NL, p)
        this.lines++
        if (nl - p > maxLine) this.sink.skip('too-long', this.lines)
        else this.other++
        p = nl + 1
      }
      const end = view.indexOf(NL, hit)
      if (end < 0) {
        if (!final) return start
        this.candidate(view, start, len, ++this.lines)
        return len
      }
      this.candidate(view, start, end, ++this.lines)
      pos = end + 1
    }
    // No candidate in the rest: count complete lines up to the unfinished tail.
    let p = pos
    for (;;) {
      const nl = view.indexOf(NL, p)
      if (nl < 0) break
      this.lines++
      if (nl - p > maxLine) this.sink.skip('too-long', this.lines)
      else this.other++
      p = nl + 1
    }
    if (!final || p === len) return p
    // A final line without `\n` (it has no candidate marker, or the loop above would have taken it).
    this.lines++
    if (len - p > maxLine) this.sink.skip('too-long', this.lines)
    else this.other++
    return len
  }

  /**
   * `scan` by the kernel, for a view inside its memory no longer than `maxLine` (so no complete line in it
   * can be too long): one SIMD pass counts the lines and finds the first `scim` of each; only those lines
   * are looked at again.
   */
  private scanKernel(view: Buffer, pos: number, final: boolean, kernel: ScanKernel): number {
    const len = view.length
    const abs = view.byteOffset
    const hits = kernel.scan(abs + pos, abs + len)
    const newlines = kernel.newlines
    const tail = newlines === 0 ? pos : view.lastIndexOf(NL) + 1
    const base = this.lines
    const pairs = kernel.hits
    let at = kernel.hitsIndex
    let candidates = 0
    for (let i = 0; i < hits; i++, at += 2) {
      const before = pairs[at + 1] as number
      const hit = (pairs[at] as number) - abs
      if (before === newlines) {
        // In the unfinished last line: carried to the next scan unless this is the end.
        if (final) {
          this.candidate(view, tail, len, base + before + 1)
          candidates++
        }
        break
      }
      const start = before === 0 ? pos : view.lastIndexOf(NL, hit) + 1
      this.candidate(view, start, view.indexOf(NL, hit), base + before + 1)
      candidates++
    }
    const lines = final && tail < len ? newlines + 1 : newlines
    this.lines = base + lines
    this.other += lines - candidates
    return final ? len : tail
  }

  /** The caller dropped the start of an unfinished line longer than `maxLine`. */
  startSkipping(): void {
    this.skipping = true
  }

  get isSkipping(): boolean {
    return this.skipping
  }

  private endTooLong(): void {
    this.skipping = false
    this.lines++
    this.sink.skip('too-long', this.lines)
  }

  /** Line `line` holds `scim`; it is `[start, end)` without its `\n`. */
  private candidate(view: Buffer, start: number, end: number, line: number): void {
    if (end - start > this.maxLine) {
      this.sink.skip('too-long', line)
      return
    }
    if (end > start && view[end - 1] === CR) end--
    const bytes = view.subarray(start, end)
    const selector = this.selector
    if (selector && !selector.mayMatch(bytes)) {
      this.other++
      return
    }
    if (bytes.indexOf(0) >= 0 || !isUtf8(bytes)) {
      this.sink.skip('binary', line)
      return
    }
    const text = view.toString('utf8', start, end)
    if (this.sink.text && !selector) {
      this.sink.text(line, text)
      return
    }
    const value = parseCandidate(text)
    if (typeof value === 'string') {
      this.sink.skip(value, line)
      return
    }
    const doc = selector ? selector.pick(value) : value
    if (doc === undefined) this.other++
    else if (this.sink.text) this.sink.text(line, pickedText(doc, text))
    else if (this.sink.doc) this.sink.doc(line, doc)
    else this.entries.push({ doc, line })
  }
}

/** Parse a candidate line's text: the JSON object, or why it is skipped. */
export function parseCandidate(text: string): Record<string, unknown> | 'invalid-json' | 'not-an-object' {
  let value = parseOrFail(text)
  if (value === FAILED && text.charCodeAt(0) !== OPEN_BRACE) {
    // A text prefix (Kubernetes `2024-…Z stdout F {…}`, svlogd timestamps, a BOM), or a bare JSON value.
    const brace = text.indexOf('{')
    if (brace > 0) value = parseOrFail(text.slice(brace))
  }
  if (value === FAILED) return 'invalid-json'
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not-an-object'
  return value as Record<string, unknown>
}

const FAILED = Symbol('failed')

function parseOrFail(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return FAILED
  }
}

/**
 * Where a read lands relative to its source page matters a lot on this machine: copying from the page cache
 * into a destination at the same offset within a 4 KiB page (or a few bytes off) runs at ~1.5 GB/s, half a
 * page apart at ~6 GB/s (measured with 128 KiB `readSync` into a large buffer). So the carried line is put
 * where the next read starts half a page away from the file position's page offset.
 */
const PAGE = 4096
const READ_SHIFT = 2048

/**
 * The reused read buffer around a `LineScanner`: data is appended after the carried unfinished line and
 * scanned in place; only that line's tail is ever copied. A line longer than `maxLine` is dropped as it
 * streams past, so memory stays at `maxLine` plus two chunks whatever the input.
 */
export class ChunkBuffer {
  private readonly buf: Buffer
  /** Valid data is `buf[base, base + length)`. */
  private base = 0
  private length = 0
  /** Input offset of the next byte to be read (the file position for file reads). */
  private position: number
  /** Scan once this many bytes are buffered (grows with the carried line so a long line is not rescanned). */
  private flushAt: number

  constructor(
    public scanner: LineScanner,
    private readonly chunk = DEFAULT_CHUNK_BYTES,
    private readonly maxLine = MAX_LINE_BYTES,
    startPosition = 0,
  ) {
    const size = PAGE + maxLine + 2 * Math.max(chunk, maxLine) + 1
    // In a kernel's memory when WebAssembly SIMD is there (reads land where the kernel scans them).
    this.kernel = ScanKernel.create(size)
    this.buf = this.kernel?.buffer ?? Buffer.allocUnsafe(size + KERNEL_PAD)
    scanner.kernel = this.kernel
    this.position = startPosition
    this.flushAt = chunk
    this.place(0)
  }

  private readonly kernel: ScanKernel | undefined

  /** Start over at input offset `position` with a new scanner (reuses the buffer and kernel). */
  reset(scanner: LineScanner, position: number): void {
    this.scanner = scanner
    scanner.kernel = this.kernel
    this.position = position
    this.length = 0
    this.flushAt = this.chunk
    this.place(0)
  }

  /** Where the next read should go: `[readOffset, readOffset + readSize)` of `buffer`. */
  get readOffset(): number {
    return this.base + this.length
  }

  get readSize(): number {
    return Math.min(this.flushAt - this.length, this.buf.length - this.base - this.length)
  }

  get buffer(): Buffer {
    return this.buf
  }

  /** `n` bytes were read into `buffer` at `readOffset`. */
  commit(n: number): void {
    this.length += n
    this.position += n
    if (this.length >= this.flushAt) this.flush(false)
  }

  /**
   * Take a chunk from a stream. Chunks are copied in and scanned once a read's worth is buffered; without the
   * kernel, a chunk at least a read long is scanned where it is (after completing the carried line), and only
   * its unfinished last line is copied.
   */
  push(chunk: Buffer): void {
    let off = 0
    // With the kernel, copying into its memory and scanning there beats scanning in place with `indexOf`.
    if (chunk.length >= this.chunk && this.kernel === undefined) {
      if (this.length > 0) {
        const nl = chunk.indexOf(NL)
        off = nl < 0 ? chunk.length : nl + 1
        this.append(chunk, 0, off)
        if (nl >= 0 && this.length > 0) this.flush(false)
      }
      if (off < chunk.length && this.length === 0) {
        const rest = off === 0 ? chunk : chunk.subarray(off)
        this.position += rest.length
        this.keep(rest, this.scanner.scan(rest, false))
        return
      }
    }
    this.append(chunk, off, chunk.length)
  }

  private append(chunk: Buffer, from: number, to: number): void {
    let off = from
    while (off < to) {
      const n = Math.min(to - off, this.readSize)
      chunk.copy(this.buf, this.readOffset, off, off + n)
      off += n
      this.commit(n)
    }
  }

  /** End of input: scan what is left, the unfinished line included. */
  end(): void {
    this.flush(true)
  }

  /** Bytes taken and not yet scanned (with the unfinished line carried over from the last scan). */
  get buffered(): number {
    return this.length
  }

  /**
   * Scan the complete lines buffered so far, without waiting for a read's worth: a stream with nothing more
   * to give yet (a log piped as it is written) has its lines read now, not once 128 KiB have come.
   */
  scanWaiting(): void {
    if (this.length > 0) this.flush(false)
  }

  private flush(final: boolean): void {
    const view = this.buf.subarray(this.base, this.base + this.length)
    this.keep(view, this.scanner.scan(view, final))
  }

  /** After a scan of `view`: keep its unfinished last line (from `tail`) at the start of the buffer. */
  private keep(view: Buffer, tail: number): void {
    let carry = view.length - tail
    if (carry > this.maxLine) {
      this.scanner.startSkipping()
      carry = 0
    }
    this.place(carry)
    if (carry > 0) view.copy(this.buf, this.base, tail, view.length)
    this.length = carry
    // Read at least as much as is carried, so a long line costs O(n), not O(n²/chunk), to rescan.
    this.flushAt = carry + Math.max(this.chunk, carry)
  }

  /** Choose `base` so that the next read, after `carry` bytes, starts half a page off the input's page offset. */
  private place(carry: number): void {
    this.base = (((this.position + READ_SHIFT - carry) % PAGE) + PAGE) % PAGE
  }
}
