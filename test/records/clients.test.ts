/**
 * Issue #13 §1–2: clients are named from the user agent (identity providers, and people with HTTP
 * tools); the request shape speaks only when the user agent names nobody, and then weakly.
 */
import { describe, expect, it } from 'vitest'
import { clientFromUserAgent, describeClient } from '../../src/records/clients.js'
import { buildTimelines } from '../../src/timelines/build.js'
import { PLAIN } from '../../src/views/color.js'
import { personJson } from '../../src/views/model.js'
import { renderTimeline } from '../../src/views/person.js'
import { loadRecords } from '../pipeline/load.js'

describe('clientFromUserAgent', () => {
  it.each([
    ['Okta SCIM Client 1.0.0', 'okta', 'okta', 'strong'],
    ['Microsoft Azure AD SCIM provisioning', 'entra', 'entra', 'strong'],
    ['OneLogin SCIM', 'onelogin', 'other', 'strong'],
    ['PingFederate/11.3', 'pingfederate', 'other', 'strong'],
    ['PingOne-SCIM', 'pingfederate', 'other', 'strong'],
    ['Apache-HttpClient/4.5.13 (Java/11.0.21)', 'pingfederate', 'other', 'weak'],
    ['JumpCloud SCIM Client', 'jumpcloud', 'other', 'strong'],
    ['Google-Auto-Provisioning', 'google', 'other', 'strong'],
    ['Keycloak-SCIM/2.1.0', 'keycloak', 'other', 'strong'],
    ['authentik@2024.8.3', 'authentik', 'other', 'strong'],
    ['curl/8.5.0', 'manual', 'other', 'strong'],
    ['Wget/1.21.4', 'manual', 'other', 'strong'],
    ['python-requests/2.31.0', 'manual', 'other', 'strong'],
    ['Go-http-client/1.1', 'manual', 'other', 'strong'],
    ['PostmanRuntime/7.36.0', 'manual', 'other', 'strong'],
    ['HTTPie/3.2.2', 'manual', 'other', 'strong'],
    ['node-fetch/1.0 (+https://github.com/bitinn/node-fetch)', 'manual', 'other', 'strong'],
    ['Faraday v2.7.4', 'manual', 'other', 'strong'],
  ])('%s → %s', (ua, provider, idp, strength) => {
    expect(clientFromUserAgent(ua)).toEqual({ provider, idp, strength })
  })

  it('names nobody for agents it does not know, nor for the reference placeholder', () => {
    expect(clientFromUserAgent('SCIM-Provisioner/2.1')).toBeUndefined()
    expect(clientFromUserAgent('<Entra UA - not confirmed>')).toBeUndefined()
    expect(clientFromUserAgent(undefined)).toBeUndefined()
  })

  it('describes manual requests as by hand, and weak evidence as likely', () => {
    expect(describeClient('manual', 'strong', 'curl/8.5.0', '198.51.100.7')).toBe(
      'by hand: curl/8.5.0 from 198.51.100.7',
    )
    expect(describeClient('entra', 'weak', 'SCIM-Provisioner/2.1', undefined)).toBe(
      'likely Entra from request shape',
    )
    expect(describeClient('pingfederate', 'weak', 'Apache-HttpClient/4.5.13', undefined)).toBe(
      'likely PingFederate/PingOne (Apache-HttpClient)',
    )
  })
})

describe('providers/healthy.log', () => {
  it('nobody is taken for Entra by GUIDs or path-ful ops; the unnamed client is only likely Entra', async () => {
    const { people } = buildTimelines((await loadRecords(['samples/providers/healthy.log'])).records)
    const byGroup = new Map(people.map((p) => [p.scope, p]))
    const labels = (group: string) => byGroup.get(group)?.clients.map((c) => c.label)
    expect(labels('aviato')).toEqual(['OneLogin'])
    expect(labels('bream-hall')).toEqual(['likely PingFederate/PingOne (Apache-HttpClient)'])
    expect(labels('coleman-blair')).toEqual(['JumpCloud'])
    expect(labels('goolybib')).toEqual(['Google Workspace'])
    expect(labels('hooli-xyz')).toEqual(['Keycloak (SCIM plugin)'])
    expect(labels('intersite')).toEqual(['authentik'])
    expect(labels('maleant-data')).toEqual(['likely Entra from request shape'])
    for (const group of ['aviato', 'bream-hall', 'coleman-blair', 'goolybib', 'hooli-xyz', 'intersite'])
      expect(byGroup.get(group)?.idps, group).toEqual([])
    const json = personJson(byGroup.get('aviato') as (typeof people)[0])
    expect(json.idps).toEqual([])
    expect(json.clients).toEqual([{ provider: 'onelogin', strength: 'strong', label: 'OneLogin' }])
  })

  it('people sent only by Okta or Entra user agents keep the JSON they had (no clients field)', async () => {
    const { people } = buildTimelines((await loadRecords(['samples/okta-lifecycle/api_json.log'])).records)
    for (const person of people)
      expect(JSON.parse(JSON.stringify(personJson(person)))).not.toHaveProperty('clients')
  })
})

describe('manual requests in timelines', () => {
  it('a curl request is its own actor in the text timeline and the JSON timeline', async () => {
    const { people } = buildTimelines((await loadRecords(['samples/manual/healthy-session.log'])).records)
    const gwen = people[0]
    if (!gwen) throw new Error('no person')
    const text = renderTimeline(gwen, PLAIN)
    expect(text.split('\n').filter((l) => l.includes('by hand: curl/8.5.0 from 198.51.100.7'))).toHaveLength(
      4,
    )
    const timeline = personJson(gwen, { timeline: true }).timeline as { actor?: string; method: string }[]
    expect(timeline.filter((e) => e.actor === 'by hand: curl/8.5.0 from 198.51.100.7')).toHaveLength(4)
    expect(timeline.filter((e) => e.actor === undefined)).toHaveLength(4)
  })
})
