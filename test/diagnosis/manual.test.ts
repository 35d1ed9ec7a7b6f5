/**
 * Issue #13 §2: a change made by hand that matches the guide's remedy is the fix. No finding suggests
 * reverting it; what the identity provider does against it afterwards is what gets flagged.
 */
import { describe, expect, it } from 'vitest'
import { diagnose } from '../../src/diagnosis/index.js'
import { buildTimelines } from '../../src/timelines/build.js'
import { loadRecords } from '../pipeline/load.js'

async function diagnosed(file: string) {
  const timelines = buildTimelines((await loadRecords([file])).records)
  return { timelines, diagnosis: diagnose(timelines) }
}

describe('manual/extern-uid-fix.log', () => {
  it('the fix by hand is recognised as the fix, and nothing suggests reverting it', async () => {
    const { timelines, diagnosis } = await diagnosed('samples/manual/extern-uid-fix.log')
    const jian = timelines.people.find((p) => p.emails.includes('jian.yang@raviga.example'))
    if (!jian) throw new Error('no jian')
    const findings = diagnosis.byPerson.get(jian.key) ?? []
    const fix = findings.find((f) => f.rule === 'extern-uid-changed')
    expect(fix?.severity).toBe('info')
    expect(fix?.title).toMatch(/corrected by hand/)
    expect(fix?.why).toMatch(/by hand: curl\/8\.5\.0 from 198\.51\.100\.7/)
    for (const f of findings) {
      expect(f.remedy.join(' '), f.rule).not.toMatch(/put the old value back|revert|extern_uid=8e2861e7/i)
    }
    // Entra's later PATCH of the id the fix replaced is what gets flagged.
    const stale = findings.find((f) => f.rule === 'stale-id-in-identity-provider')
    expect(stale?.severity).toBe('error')
    expect(stale?.remedy.join(' ')).toMatch(/Make the identity provider use jian\.yang@raviga\.example/)
  })

  it('an identity provider writing the old id back over the fix is flagged as undoing it', async () => {
    const { timelines, diagnosis } = await diagnosed('samples/manual/extern-uid-fix.log')
    const nelson = timelines.people.find((p) => p.emails.includes('nelson.bighetti@raviga.example'))
    if (!nelson) throw new Error('no nelson')
    const [finding] = (diagnosis.byPerson.get(nelson.key) ?? []).filter(
      (f) => f.rule === 'extern-uid-changed',
    )
    expect(finding?.severity).toBe('warning')
    expect(finding?.title).toMatch(/^The identity provider undid the fix made by hand/)
    expect(finding?.remedy[0]).toMatch(/Fix the identity provider rather than GitLab/)
    expect(finding?.remedy.join(' ')).toMatch(/extern_uid=nelson\.bighetti@raviga\.example/)
  })

  it('a healthy session by hand raises nothing', async () => {
    const { diagnosis } = await diagnosed('samples/manual/healthy-session.log')
    expect(diagnosis.all).toEqual([])
  })
})
