import { describe, expect, it } from 'vitest'
import { retryHint } from '../../../src/diagnosis/wording/idp-hints.js'

describe('retryHint', () => {
  it('tells how to send a failed create again, per provider', () => {
    expect(retryHint('okta', 'create')).toBe(
      'Then retry in Okta (Dashboard → Tasks → Retry, or unassign and reassign the user).',
    )
    expect(retryHint('entra', 'create')).toContain('"Provision on demand" for this user')
    expect(retryHint('other', 'create')).toBe('Then send the create again from the identity provider.')
  })

  it('tells how to send any other request again (the default)', () => {
    expect(retryHint('okta')).toBe('Then retry in Okta (Dashboard → Tasks → Retry, or push the user again).')
    expect(retryHint('entra')).toContain('"Provision on demand" for the user')
    expect(retryHint('other')).toBe('Then send the request again from the identity provider.')
  })
})
