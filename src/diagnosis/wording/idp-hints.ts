/**
 * The identity provider in findings: which one sent the requests, its name, where its own log shows a
 * failure, and how to retry from it.
 */
import type { IdentityProvider, ScimRecord } from '../../records/types.js'

/** The provider most of these records came from. */
export function idpOf(records: readonly ScimRecord[]): IdentityProvider {
  const counts = new Map<IdentityProvider, number>()
  for (const r of records) if (r.idp !== 'other') counts.set(r.idp, (counts.get(r.idp) ?? 0) + 1)
  let best: IdentityProvider = 'other'
  let most = 0
  for (const [idp, count] of counts)
    if (count > most) {
      best = idp
      most = count
    }
  return best
}

export function idpName(idp: IdentityProvider): string {
  return idp === 'okta' ? 'Okta' : idp === 'entra' ? 'Microsoft Entra ID' : 'the identity provider'
}

export type IdpOperation = 'create' | 'deactivate' | 'delete' | 'update' | 'lookup' | 'auth' | 'group'

const OKTA_EVENT: Record<IdpOperation, string> = {
  create: 'application.provision.user.push',
  deactivate: 'application.provision.user.deactivate',
  delete: 'application.provision.user.deactivate',
  update: 'application.provision.user.push',
  lookup: 'application.provision.user.push',
  auth: 'application.integration.authentication_failure',
  group: 'application.provision.group.add (or .group.verify_exists)',
}

const ENTRA_ACTION: Record<IdpOperation, string> = {
  create: 'Create',
  deactivate: 'Disable',
  delete: 'Delete',
  update: 'Update',
  lookup: 'Create',
  auth: 'Other',
  group: 'Create',
}

/** What the identity provider's own log shows for a failed operation. */
export function idpLogHint(
  idp: IdentityProvider,
  operation: IdpOperation,
  who: string,
  text?: string,
): string {
  const quoted = text ? ` quoting "${text}"` : ''
  if (idp === 'okta')
    return `Okta System Log (app → Provisioning → Reports → System Log): a failed ${OKTA_EVENT[operation]} event for ${who}${quoted}`
  if (idp === 'entra')
    return `Entra provisioning logs (Monitoring & health → Provisioning logs): action ${ENTRA_ACTION[operation]}, status Failure for ${who}; Troubleshooting & Recommendations${quoted || ' shows GitLab’s response'}`
  return `the identity provider's provisioning log: a failed request for ${who}${quoted}`
}

/**
 * The retry advice for a provider. In Okta a failed create is retried by its task or by assigning the user
 * again, any other request by pushing the user again; one place for both wordings.
 */
export function retryHint(idp: IdentityProvider, request: 'create' | 'other' = 'other'): string {
  const create = request === 'create'
  if (idp === 'okta')
    return `Then retry in Okta (Dashboard → Tasks → Retry, or ${create ? 'unassign and reassign' : 'push'} the user${create ? '' : ' again'}).`
  if (idp === 'entra')
    return `Then use "Provision on demand" for ${create ? 'this' : 'the'} user in the Entra app, or wait for the next cycle (about 40 minutes).`
  return `Then send the ${create ? 'create' : 'request'} again from the identity provider.`
}
