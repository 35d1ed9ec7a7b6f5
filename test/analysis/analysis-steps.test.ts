/**
 * The engine in slices (`analysisSteps` through `inSlices`, as the explorer runs it) gives exactly the
 * analysis the batch commands get at once (`analyseRecords`): the same report, on every sample.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyseRecords, analysisSteps } from '../../src/analysis/analyse.js'
import { inSlices } from '../../src/common/steps.js'
import { loadRecords, ROOT, reportJsonOf } from '../pipeline/load.js'

const SAMPLE_LOGS = readdirSync(join(ROOT, 'samples'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.log'))
  .map((name) => join('samples', name))
  .sort()

/** The report of `files`, analysed at once and in slices (each from its own records: analysis settles them). */
async function bothWays(files: string[]): Promise<{ atOnce: string; sliced: string; slices: number }> {
  const atOnce = reportJsonOf(analyseRecords(await loadRecords(files)))
  let slices = 0
  const steps = analysisSteps(await loadRecords(files))
  const counted = (function* () {
    for (;;) {
      const next = steps.next()
      if (next.done) return next.value
      slices++
      yield
    }
  })()
  // Slices of 0 ms: every pause is taken, so each piece runs apart from the rest.
  const { value } = await inSlices(counted, { sliceMs: 0 })
  return { atOnce, sliced: reportJsonOf(value), slices }
}

describe('analysis in slices', () => {
  it.each(SAMPLE_LOGS)('%s: the same report as at once', async (file) => {
    const { atOnce, sliced } = await bothWays([file])
    expect(sliced).toBe(atOnce)
  })

  it('all samples at once: the same report, in many slices', async () => {
    const { atOnce, sliced, slices } = await bothWays(SAMPLE_LOGS)
    expect(JSON.parse(atOnce).people.length).toBeGreaterThan(50)
    expect(sliced).toBe(atOnce)
    // A pause after each rule at least: the work was really cut up.
    expect(slices).toBeGreaterThan(26)
  })
})
