// The real preparer, whose thread fails in its twentieth segment, once it has scanned it: tests that the
// main thread reads what the worker left, with the same records.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

// The real preparer, bundled from the sources by test/setup/bundle.ts.
const real = await import(pathToFileURL(join(process.env.SCIMTRACE_TEST_BUNDLE, 'prepare-segment.js')).href)

let segments = 0

export function segmentSink() {
  const sink = real.segmentSink()
  const segment = ++segments
  return {
    skip: (reason, line) => sink.skip(reason, line),
    doc: (line, doc) => sink.doc(line, doc),
    take() {
      if (segment === 20) throw new Error('preparer failed half way')
      return sink.take()
    },
  }
}
