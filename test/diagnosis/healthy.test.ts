import { describe, expect, it } from 'vitest'
import { alarms, bob, E, healthyEntra, healthyOkta, jane, john, mary, O, run, t } from './helpers.js'

describe('a healthy log', () => {
  it('Okta: lookups with no result, creates, deactivation and reactivation yield no error or warning', () => {
    const { diagnosis } = run([...healthyOkta(jane), ...healthyOkta(bob, 5)])
    expect(alarms(diagnosis)).toEqual([])
    expect(diagnosis.all).toEqual([])
  })

  it('Entra: externalId lookups, creates with "False"/"True" strings, disable, enable and hard delete', () => {
    const { diagnosis } = run([
      ...healthyEntra(john),
      ...healthyEntra(mary, 3),
      E.get(t(1000), john.uid),
      E.disable(t(2000), mary.uid),
      E.remove(t(3000), mary.uid),
    ])
    expect(alarms(diagnosis)).toEqual([])
  })

  it('a single-key path-less Okta PATCH and a lookup returning 0 results are healthy', () => {
    const { diagnosis } = run([
      O.lookup(t(0), 'nobody@acme.example'),
      O.create(t(1), jane),
      O.active(t(2), jane.uid, false),
    ])
    expect(diagnosis.all).toEqual([])
  })

  it('returns the documented shape', () => {
    const { diagnosis } = run(healthyOkta(jane))
    expect(diagnosis.byPerson).toBeInstanceOf(Map)
    expect(diagnosis.groupFindings).toEqual([])
    expect(diagnosis.all).toEqual([])
  })
})
