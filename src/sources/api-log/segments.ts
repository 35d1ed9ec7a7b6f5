/**
 * Segments of a plain file for the parallel read: segment `k` holds the lines that start in
 * `[k * segmentBytes, (k + 1) * segmentBytes)`, so any thread can scan any segment on its own (it finds its
 * first line start with one small read) and the results join up in file order.
 *
 * The main thread and the range workers claim segments from one shared counter, so whichever thread is free
 * takes the next one: when the consumer is cheap (bench/scan.js) the main thread scans about half the file,
 * when it is busy (report) the worker scans most of it. A worker's segment result is compact: the text of
 * its candidate lines (or, with a `DocSelection`, of their selected fields), parsed in the consumer's thread
 * as structured-cloning parsed docs cost the worker ~12 µs a doc and the main thread as much again, and its
 * byte-level skips, with line numbers relative to the segment.
 */
import { readSync } from 'node:fs'
import type { LogDoc, SkipReason } from '../types.js'
import { ChunkBuffer, LineScanner, type ScanSink } from './scanner.js'
import type { Selector } from './select.js'

/**
 * A scanner sink that keeps, in line order, each skip and each parsed candidate: what a segment the main
 * thread scans itself hands back. `TextCandidateCollector` is the same for a worker, which hands over text
 * (parsed in the main thread: cloning parsed documents costs more, see the header). The scanner tells them
 * apart by whether the sink has `text` (`ScanSink`).
 */
export class CandidateCollector {
  at: number[] = []
  kinds: (SkipReason | null)[] = []
  items: CandidateItem[] = []

  skip(reason: SkipReason, line: number): void {
    this.at.push(line)
    this.kinds.push(reason)
  }

  doc(line: number, doc: LogDoc): void {
    this.at.push(line)
    this.kinds.push(null)
    this.items.push(doc)
  }

  /** Hand over what was collected and start afresh. */
  take(): Pick<SegmentResult, 'at' | 'kinds' | 'items'> {
    const taken = { at: this.at, kinds: this.kinds, items: this.items }
    this.at = []
    this.kinds = []
    this.items = []
    return taken
  }
}

/** A collector that keeps candidates as text, for a thread other than the one that parses them. */
export class TextCandidateCollector extends CandidateCollector {
  text(line: number, text: string): void {
    this.at.push(line)
    this.kinds.push(null)
    this.items.push(text)
  }
}

/** A candidate as handed over: text still to be parsed (`parseCandidate`), or the parsed document. */
export type CandidateItem = string | LogDoc

/** What a segment's scan counts. */
export interface SegmentCounts {
  index: number
  bytes: number
  lines: number
  other: number
}

export interface SegmentResult extends SegmentCounts {
  /** Candidates and byte-level skips in line order: line numbers (1-based, relative to the segment)… */
  at: number[]
  /** …and for each, the skip reason, or null for a candidate that is the next one in `items`. */
  kinds: (SkipReason | null)[]
  items: CandidateItem[]
  /** With a preparer (`DocSelection.preparer`): what it made of the candidates (`at`, `kinds`, `items` empty). */
  prepared?: unknown
}

export class SegmentReader {
  readonly count: number
  private chunkBuffer: ChunkBuffer | undefined
  private readonly probe = Buffer.allocUnsafe(16 << 10)

  constructor(
    private readonly fd: number,
    private readonly size: number,
    private readonly segmentBytes: number,
    private readonly chunk: number,
    private readonly maxLine: number,
    /** In a worker, candidates are kept as text for the main thread; in the main thread, parsed. */
    private readonly asText: boolean,
    private readonly selector?: Selector,
  ) {
    this.count = Math.max(1, Math.ceil(size / segmentBytes))
  }

  /**
   * The last probe: from `probedFrom` on, the first line start is `probedStart`. A line longer than many
   * segments puts every boundary inside it on one answer; without this each boundary probed forward to the
   * line's end, O(segments × line length) reads (a 2 GiB line took 147 s instead of 0.5 s, probe D11).
   */
  private probedFrom = -1
  private probedStart = -1

  /** The first line start at or after `offset` (0, just after a `\n`, or the end of the file). */
  private lineStart(offset: number): number {
    if (offset <= 0) return 0
    if (offset >= this.size) return this.size
    // No `\n` in [probedFrom - 1, probedStart - 1): any offset in between starts its line at probedStart.
    if (offset >= this.probedFrom && offset <= this.probedStart) return this.probedStart
    let at = offset - 1
    for (;;) {
      const n = readSync(this.fd, this.probe, 0, this.probe.length, at)
      if (n === 0) return this.remember(offset, this.size)
      const nl = this.probe.indexOf(10)
      if (nl >= 0 && nl < n) return this.remember(offset, at + nl + 1)
      at += n
    }
  }

  private remember(offset: number, start: number): number {
    this.probedFrom = offset
    this.probedStart = start
    return start
  }

  scan(index: number): SegmentResult {
    const collected = this.asText ? new TextCandidateCollector() : new CandidateCollector()
    return { ...this.scanInto(index, collected), ...collected.take() }
  }

  /** Scan segment `index`, its skips and candidates (parsed, unless `sink` takes text) going to `sink`. */
  scanInto(index: number, sink: ScanSink): SegmentCounts {
    const chunks = this.chunks(index, sink)
    for (let step = chunks.next(); ; step = chunks.next()) if (step.done) return step.value
  }

  /**
   * `scanInto`, pausing after each read: what the read completed is in `sink` then. The main thread takes a
   * segment that is next in file order this way, so its documents go on as they are parsed: held for the
   * whole segment (8 MiB, ~7,000 documents on input made of SCIM requests) they outlived V8's young
   * generation and were copied into the old one (`report` on 200,000 SCIM requests: GC 0.79 s in a
   * sequential read, 1.24 s reading whole segments).
   */
  *chunks(index: number, sink: ScanSink): Generator<void, SegmentCounts> {
    const start = this.lineStart(index * this.segmentBytes)
    const end = index + 1 >= this.count ? this.size : this.lineStart((index + 1) * this.segmentBytes)
    const scanner = new LineScanner(sink, this.maxLine, this.selector)
    let buffer = this.chunkBuffer
    if (buffer) buffer.reset(scanner, start)
    else buffer = this.chunkBuffer = new ChunkBuffer(scanner, this.chunk, this.maxLine, start)
    let position = start
    while (position < end) {
      const n = readSync(
        this.fd,
        buffer.buffer,
        buffer.readOffset,
        Math.min(buffer.readSize, end - position),
        position,
      )
      if (n === 0) break
      position += n
      buffer.commit(n)
      yield
    }
    if (position > start) buffer.end()
    return { index, bytes: position - start, lines: scanner.lines, other: scanner.other }
  }
}
