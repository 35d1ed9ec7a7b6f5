/**
 * The SCIM identity API in the same api_json.log (issue #13 §5): an owner corrects a person's extern_uid
 * with `PATCH /api/v4/groups/:id/scim/:uid` (form `extern_uid=…`, gitlabhq/gitlabhq doc/api/scim.md,
 * GitLab 15.5+), as the troubleshooting guide describes for a NameId mismatch. Entra's next deprovision
 * first PATCHes the old id (404), then, re-matched, the new one a second later (204).
 * Route pattern and fields of these lines follow the other API lines [inferred].
 */
import { Scenario } from './dsl.js'
import { entra } from './idp.js'

const OWNER = { ua: 'curl/8.5.0', ip: '198.51.100.7' }

export function identityApiRename(): Scenario {
  const s = new Scenario({
    name: 'identity-api',
    group: 'pied-piper-io',
    idp: entra,
    start: '2024-12-02T09:00:00Z',
  })
  const dinesh = s.person('Dinesh', 'Chugtai', { email: 'dinesh@pied-piper-io.example' })
  const old = dinesh.externalId
  s.lookup(dinesh).create(dinesh)
  const identityApi = (
    method: string,
    uid: string,
    params: { key: string; value: unknown }[],
    status: number,
  ) =>
    s.raw({
      status,
      method,
      path: `/api/v4/groups/pied-piper-io/scim/${encodeURIComponent(uid)}`,
      params,
      remoteIp: OWNER.ip,
      ua: OWNER.ua,
      route: '/api/:version/groups/:id/scim/:uid',
      featureCategory: 'system_access',
      rootNamespace: 'pied-piper-io',
      user: { id: 4242, username: 'richard' },
      durationS: 0.04,
    })
  s.wait('2d')
  identityApi('GET', old, [], 200)
  s.wait('1m')
  identityApi('PATCH', old, [{ key: 'extern_uid', value: 'dinesh@pied-piper-io.example' }], 204)
  dinesh.externalId = 'dinesh@pied-piper-io.example'
  s.wait('3h').deactivate({ ...dinesh, externalId: old }, { status: 404 })
  s.wait('1s').deactivate(dinesh)
  s.expect('extern-uid-changed', dinesh)
  return s
}
