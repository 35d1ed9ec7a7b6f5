/**
 * Issue #13 §5: the SCIM identity API's calls are timeline events; its extern_uid PATCH links the old and
 * the new id as an IdP PATCH of externalId does, so one person stays one person.
 */
import { describe, expect, it } from 'vitest'
import { diagnose } from '../../src/diagnosis/index.js'
import { buildTimelines } from '../../src/timelines/build.js'
import { loadRecords } from '../pipeline/load.js'

describe('errors/identity-api.log', async () => {
  const { records, accounting } = await loadRecords(['samples/errors/identity-api.log'])
  const timelines = buildTimelines(records)

  it('reads the identity API lines as records of the group', () => {
    expect(accounting.other).toBe(0)
    expect(records.filter((r) => r.api === 'identity').map((r) => [r.method, r.scope, r.action])).toEqual([
      ['GET', 'pied-piper-io', 'lookup'],
      ['PATCH', 'pied-piper-io', 'change-extern-uid'],
    ])
  })

  it('links the old and the new id into one person, renamed by the identity API', () => {
    expect(timelines.people).toHaveLength(1)
    const [dinesh] = timelines.people
    expect(dinesh?.renames.map((r) => [r.to, r.record.api])).toEqual([
      ['dinesh@pied-piper-io.example', 'identity'],
    ])
    expect(dinesh?.attributes.extern_uid?.from).toBe('identity API extern_uid')
    expect(dinesh?.state).toBe('deactivated')
  })

  it('does not call the deprovision missed when it succeeded on the new id a second later', () => {
    const all = diagnose(timelines).all
    expect(all.filter((f) => f.severity !== 'info').map((f) => f.title)).toEqual([])
    expect(all.some((f) => /not applied/.test(f.title))).toBe(false)
    const fix = all.find((f) => f.rule === 'extern-uid-changed')
    expect(fix?.why).toMatch(/through the SCIM identity API/)
    for (const f of all) expect(f.remedy.join(' ')).not.toMatch(/extern_uid=d58e8af2/)
  })
})
