/**
 * The sample scenarios: each is something scimtrace must reconstruct or diagnose.
 * Every scenario uses its own group path and people, so the whole `samples/` tree can be read at once.
 */
import { Scenario } from './dsl.js'
import { entra, entraFlag, okta, SCHEMA_GROUP, SCHEMA_PATCH } from './idp.js'

export function oktaLifecycle(): Scenario {
  const s = new Scenario({ name: 'okta-lifecycle', group: 'hooli', idp: okta, start: '2024-05-14T09:10:00Z' })
  const jane = s.person('Jane', 'Doe')
  const gavin = s.person('Gavin', 'Belson')
  const monica = s.person('Monica', 'Hall')
  s.list() // Okta "Import users" (a healthy list call)
  s.wait('2m').lookup(jane).create(jane)
  s.wait('1m').lookup(gavin).create(gavin)
  s.wait('3h').lookup(monica).create(monica)
  s.at('2024-05-21T16:02:00Z').deactivate(jane).wait('10s').deactivate(gavin).wait('4m').deactivate(monica)
  s.at('2024-05-28T08:31:00Z').reactivate(jane).wait('2h').reactivate(gavin).wait('1d').reactivate(monica)
  return s
}

export function entraLifecycle(): Scenario {
  const s = new Scenario({
    name: 'entra-lifecycle',
    group: 'acme-corp',
    idp: entra,
    start: '2024-05-20T14:00:00Z',
  })
  const john = s.person('John', 'Smith', { email: 'john.smith@acme.example', userName: 'jsmith' })
  const dinesh = s.person('Dinesh', 'Chugtai', { email: 'dinesh.chugtai@acme.example' })
  const carla = s.person('Carla', 'Walton', { email: 'carla.walton@acme.example' })
  s.lookup(john).create(john)
  s.wait('20s').lookup(dinesh).create(dinesh)
  s.wait('15s').lookup(carla).create(carla)
  s.wait('40m').patch(john, [
    { op: 'Replace', path: 'name.formatted', value: 'John Q. Smith' },
    { op: 'Replace', path: 'name.givenName', value: 'John Q.' },
  ])
  s.at('2024-06-10T16:20:00Z').deactivate(john) // "False": the string, as Entra sends it
  s.wait('2h').deactivate(dinesh)
  s.at('2024-06-17T09:00:00Z').reactivate(john)
  const old = john.externalId
  s.at('2024-07-01T11:30:00Z').changeExternalId(john, 'john.smith@acme.example')
  s.wait('40m').get(null, { id: old, status: 404 })
  s.wait('1s').get(john)
  s.at('2024-07-10T03:12:00Z').remove(dinesh) // hard delete, 30 days after the soft delete
  s.expect('ignored-attribute-update', john, { externalId: old })
  s.expect('extern-uid-changed', john)
  return s
}

export function healthy(): Scenario {
  const s = new Scenario({ name: 'healthy', group: 'piedpiper', idp: okta, start: '2024-03-04T10:00:00Z' })
  const people = [
    s.person('Richard', 'Hendricks'),
    s.person('Bertram', 'Gilfoyle'),
    s.person('Jared', 'Dunn'),
    s.person('Erlich', 'Bachman'),
    s.person('Zoë', 'Ødegård'),
  ]
  s.list()
  for (const p of people) s.wait('30s').lookup(p).create(p)
  s.at('2024-03-18T12:00:00Z').deactivate(people[3] as (typeof people)[0])
  s.wait('5m').deactivate(people[4] as (typeof people)[0])
  s.at('2024-03-25T09:15:00Z').reactivate(people[4] as (typeof people)[0])
  // A path-less op with a single key is read correctly.
  s.wait('1h').patch(people[1] as (typeof people)[0], [{ op: 'replace', value: { active: true } }])
  s.at('2024-04-02T08:00:00Z').list()
  return s
}

export function userAlreadyTaken(): Scenario {
  const s = new Scenario({
    name: 'user-already-taken',
    group: 'endframe',
    idp: entra,
    start: '2024-06-01T07:00:00Z',
  })
  const laurie = s.person('Laurie', 'Bream', { email: 'laurie.bream@endframe.example' })
  const ron = s.person('Ron', 'LaFlamme', { email: 'ron.laflamme@endframe.example' })
  s.lookup(laurie).create(laurie)
  s.wait('12s').lookup(ron).create(ron)
  // The Entra user was deleted and re-created: new objectId, same email.
  s.at('2024-06-03T08:40:00Z')
  laurie.externalId = s.rng.guid()
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) s.wait(`${40 + s.rng.int(0, 3)}m`)
    s.lookup(laurie).create(laurie, { status: 409 })
  }
  s.expect('user-already-taken', laurie)
  return s
}

export function emailDomainNotAllowed(): Scenario {
  const s = new Scenario({
    name: 'email-domain-not-allowed',
    group: 'hooli-xyz',
    idp: okta,
    domain: 'hooli.example',
    start: '2024-06-04T09:30:00Z',
  })
  for (const [given, family] of [
    ['Nelson', 'Bighetti'],
    ['Hoover', 'Dunn'],
    ['Patrice', 'Lamb'],
  ] as const) {
    const p = s.person(given, family)
    s.wait('45s').lookup(p).create(p)
  }
  const carl = s.person('Carl', 'Tractor', { email: 'contractor1@partner.example' })
  s.wait('20m').lookup(carl).create(carl, { status: 412 })
  s.wait('3h').lookup(carl).create(carl, { status: 412 })
  s.wait('1d').lookup(carl).create(carl, { status: 412 })
  s.expect('email-domain-not-allowed', carl)
  return s
}

export function inactiveIdentity(): Scenario {
  const s = new Scenario({
    name: 'inactive-identity',
    group: 'hooli-eng',
    idp: okta,
    domain: 'hooli.example',
    start: '2024-06-01T12:00:00Z',
  })
  const jian = s.person('Jian', 'Yang')
  const gwart = s.person('Gwart', 'Hosseini')
  s.lookup(jian).create(jian)
  s.wait('8s').lookup(gwart).create(gwart)
  s.at('2024-06-21T09:00:00Z').deactivate(jian)
  // Re-assigned in Okta as a new app user: new externalId, same email.
  s.at('2024-06-24T09:00:00Z')
  jian.externalId = s.rng.oktaId()
  s.lookup(jian).create(jian, { status: 412 })
  s.wait('6h').lookup(jian).create(jian, { status: 412 })
  s.expect('inactive-or-unlinked-identity', jian)
  return s
}

export function unlinkedAccount(): Scenario {
  const s = new Scenario({
    name: 'unlinked-account',
    group: 'hooli-sales',
    idp: okta,
    domain: 'hooli.example',
    start: '2024-07-08T10:00:00Z',
  })
  for (const [given, family] of [
    ['Denpok', 'Singh'],
    ['Ed', 'Chambers'],
  ] as const) {
    const p = s.person(given, family)
    s.wait('30s').lookup(p).create(p)
  }
  // Never provisioned before, same domain: an existing GitLab account without a linked SAML identity?
  const peter = s.person('Peter', 'Gregory')
  s.wait('2h').lookup(peter).create(peter, { status: 412 })
  s.expect('inactive-or-unlinked-identity', peter)
  return s
}

export function reAddedAfterRemoval(): Scenario {
  const s = new Scenario({
    name: 're-added-after-removal',
    group: 'raviga',
    idp: entra,
    start: '2023-05-02T09:00:00Z',
  })
  const monica = s.person('Monica', 'Hall', { email: 'monica.hall@raviga.example' })
  const peter = s.person('Peter', 'Gregory', { email: 'peter.gregory@raviga.example' })
  s.lookup(monica).create(monica)
  s.wait('10s').lookup(peter).create(peter)
  // Before 2023-08-11 a deprovision destroyed the SAML identity.
  s.at('2023-06-12T13:20:00Z').deactivate(monica).wait('3m').remove(monica)
  s.at('2023-09-04T10:00:00Z').lookup(monica).create(monica)
  // After 2023-08-11 the SAML identity is kept.
  s.at('2023-10-02T15:00:00Z').deactivate(peter)
  s.at('2023-11-06T11:00:00Z').lookup(peter).create(peter)
  s.expect('re-added-after-removal', monica).expect('re-added-after-removal', peter)
  return s
}

export function externUidChanged(): Scenario {
  const s = new Scenario({
    name: 'extern-uid-changed',
    group: 'bachmanity',
    idp: entra,
    start: '2024-04-01T08:00:00Z',
  })
  const big = s.person('Nelson', 'Bighetti', { email: 'big.head@bachmanity.example', userName: 'bighead' })
  s.lookup(big).create(big)
  // The matching attribute was changed from objectId to userPrincipalName.
  s.at('2024-04-15T09:30:00Z').changeExternalId(big, 'big.head@bachmanity.example')
  s.expect('extern-uid-changed', big)
  s.wait('40m').lookup(big)
  // In Okta, the app user was re-created: new externalId, same email and userName; GitLab accepted it.
  const gavin = s.person('Gavin', 'Belson', { email: 'gavin.belson@hooli-hr.example', idp: okta })
  s.at('2024-04-20T10:00:00Z').use(okta)
  s.lookup(gavin, { group: 'hooli-hr' }).create(gavin, { group: 'hooli-hr' })
  s.at('2024-05-06T10:00:00Z')
  gavin.externalId = s.rng.oktaId()
  s.lookup(gavin, { group: 'hooli-hr' }).create(gavin, { group: 'hooli-hr' })
  s.expect('extern-uid-changed', gavin, { group: 'hooli-hr' })
  return s
}

export function missingRequiredAttributes(): Scenario {
  const s = new Scenario({
    name: 'missing-required-attributes',
    group: 'aviato',
    idp: entra,
    start: '2024-08-12T06:00:00Z',
  })
  const erlich = s.person('Erlich', 'Bachman', { email: 'erlich@aviato.example' })
  const noName = s.person('Kid', 'Kenobi', { email: 'kid.kenobi@aviato.example' })
  const noEmail = s.person('Dana', 'Vogel', { email: 'dana.vogel@aviato.example' })
  const noUserName = s.person('Ann', 'Oakley', { email: 'ann.oakley@aviato.example' })
  s.lookup(erlich).create(erlich)
  for (let cycle = 0; cycle < 2; cycle++) {
    if (cycle > 0) s.wait('40m')
    s.wait('5s')
      .lookup(noName)
      .create(noName, {
        status: 412,
        body: ({ name: _name, ...rest }) => rest,
      })
    s.wait('5s')
      .lookup(noEmail)
      .create(noEmail, {
        status: 412,
        body: (b) => ({ ...b, emails: [{ primary: false, type: 'other', value: noEmail.email }] }),
      })
    s.wait('5s')
      .lookup(noUserName)
      .create(noUserName, {
        status: 412,
        body: ({ userName: _userName, ...rest }) => rest,
      })
  }
  s.expect('missing-required-attributes', noName)
  s.expect('missing-required-attributes', noEmail)
  s.expect('missing-required-attributes', noUserName)
  return s
}

export function unsupportedFilter(): Scenario {
  const s = new Scenario({
    name: 'unsupported-filter',
    group: 'nucleus',
    idp: entra,
    start: '2024-09-02T13:00:00Z',
  })
  const richard = s.person('Richard', 'Hendricks', { email: 'richard@nucleus.example' })
  const jared = s.person('Jared', 'Dunn', { email: 'jared.dunn@nucleus.example' })
  s.lookup(richard, { by: 'displayName', status: 412 })
  s.wait('2s').lookup(jared, { by: 'email', status: 412 })
  // The SCIM validator probes `ne`.
  s.wait('1m').search('userName ne "x"', { status: 412 })
  s.wait('40m').lookup(richard, { by: 'displayName', status: 412 })
  s.wait('2s').lookup(jared, { by: 'email', status: 412 })
  s.expect('unsupported-filter', richard)
    .expect('unsupported-filter', jared)
    .expect('unsupported-filter', null)
  return s
}

export function groupProvisioning(): Scenario {
  const s = new Scenario({
    name: 'group-provisioning',
    group: 'yao-net',
    idp: entra,
    start: '2024-10-07T11:00:00Z',
  })
  const jack = s.person('Jack', 'Barker', { email: 'jack.barker@yao-net.example' })
  s.lookup(jack).create(jack)
  const groupId = s.rng.guid()
  s.wait('4s').groupsRequest('GET', '', [{ key: 'filter', value: 'displayName eq "Engineering"' }])
  s.wait('1s').groupsRequest('POST', '', [
    { key: 'schemas', value: [SCHEMA_GROUP] },
    { key: 'externalId', value: groupId },
    { key: 'displayName', value: 'Engineering' },
    { key: 'members', value: [] },
  ])
  s.wait('40m').groupsRequest('PATCH', `/${groupId}`, [
    { key: 'schemas', value: [SCHEMA_PATCH] },
    { key: 'Operations', value: [{ op: 'Add', path: 'members', value: [{ value: jack.externalId }] }] },
  ])
  s.wait('40m').groupsRequest('GET', '', [{ key: 'filter', value: 'displayName eq "Engineering"' }])
  s.expect('group-provisioning-enabled', null)
  return s
}

export function authenticationFailure(): Scenario {
  const s = new Scenario({
    name: 'authentication-failure',
    group: 'sliceline',
    idp: entra,
    start: '2024-11-04T09:00:00Z',
  })
  const a = s.person('Gloria', 'Mcdowell', { email: 'gloria@sliceline.example' })
  const b = s.person('Ash', 'Ketchum', { email: 'ash@sliceline.example' })
  const c = s.person('Tracy', 'Lin', { email: 'tracy.lin@sliceline.example' })
  s.lookup(a).create(a)
  s.wait('9s').lookup(b).create(b)
  // The token was regenerated in GitLab but not in Entra: every request is refused.
  s.at('2024-11-12T10:00:00Z')
  for (let cycle = 0; cycle < 4; cycle++) {
    if (cycle > 0) s.wait('40m')
    s.lookup(c, { status: 401 }).deactivate(b, { status: 401 })
  }
  // A tenant URL with a typo: the group does not exist.
  s.at('2024-11-13T08:00:00Z')
  s.list({ group: 'slice-line', status: 404, unknownGroup: true })
  s.wait('1m').lookup(c, { group: 'slice-line', status: 404, unknownGroup: true })
  // A group path with a `.`: Entra reports "invalid credentials".
  s.wait('20m').list({ group: 'acme.corp', status: 404 })
  s.wait('30s').lookup(c, { group: 'acme.corp', status: 404 })
  s.expect('authentication-failure', null)
  s.expect('authentication-failure', null, { group: 'slice-line' })
  s.expect('authentication-failure', null, { group: 'acme.corp' })
  return s
}

export function scimAppChanged(): Scenario {
  const s = new Scenario({
    name: 'scim-app-changed',
    group: 'hooli-ops',
    idp: okta,
    domain: 'hooli.example',
    start: '2024-02-05T09:00:00Z',
  })
  const people = [
    s.person('Hank', 'Hooper'),
    s.person('Sarah', 'Nguyen'),
    s.person('Miles', 'Okafor'),
    s.person('Priya', 'Raman'),
    s.person('Tom', 'Keller'),
  ]
  for (const p of people) s.wait('20s').lookup(p).create(p)
  s.at('2024-02-20T14:00:00Z').deactivate(people[4] as (typeof people)[0])
  // The group moves to an Entra ID enterprise app: new GUID externalIds for the same people.
  s.at('2024-03-11T10:00:00Z').use(entra)
  const newcomer = s.person('Omar', 'Haddad')
  for (const p of people.slice(0, 4)) {
    p.externalId = s.rng.guid()
    p.userName = entra.userName(p.given, p.family, p.email)
    s.wait('3s').lookup(p).create(p, { status: 409 })
  }
  s.wait('3s').lookup(newcomer).create(newcomer)
  s.wait('40m')
  for (const p of people.slice(0, 4)) s.wait('3s').lookup(p).create(p, { status: 409 })
  s.expect('scim-app-changed', null)
  return s
}

export function lastOwnerDeprovision(): Scenario {
  const s = new Scenario({
    name: 'last-owner-deprovision',
    group: 'tres-comas',
    idp: entra,
    start: '2024-01-08T09:00:00Z',
  })
  const russ = s.person('Russ', 'Hanneman', { email: 'russ@tres-comas.example' })
  const other = s.person('Ryan', 'Bloom', { email: 'ryan.bloom@tres-comas.example' })
  s.lookup(russ).create(russ)
  s.wait('5s').lookup(other).create(other)
  s.at('2024-03-01T10:00:00Z').deactivate(russ, { status: 412 })
  s.wait('40m').deactivate(russ, { status: 412 })
  s.at('2024-03-31T10:00:00Z').remove(russ, { status: 412 })
  s.expect('last-owner-deprovision', russ)
  return s
}

export function ignoredAttributeUpdate(): Scenario {
  const s = new Scenario({
    name: 'ignored-attribute-update',
    group: 'bream-hall',
    idp: entra,
    start: '2024-05-06T09:00:00Z',
  })
  const laurie = s.person('Laurie', 'Bream', { email: 'laurie@bream-hall.example' })
  const monica = s.person('Monica', 'Hall', { email: 'monica@bream-hall.example' })
  s.lookup(laurie).create(laurie)
  s.wait('5s').lookup(monica).create(monica)
  s.at('2024-05-20T09:40:00Z').patch(laurie, [
    { op: 'Replace', path: 'name.formatted', value: 'Laurie B. Bream' },
  ])
  s.wait('1d').patch(monica, [
    { op: 'Replace', path: 'emails[type eq "work"].value', value: 'monica.hall@bream-hall.example' },
  ])
  s.wait('2h').patch(monica, [{ op: 'Replace', path: 'userName', value: 'mhall' }])
  s.expect('ignored-attribute-update', laurie).expect('ignored-attribute-update', monica)
  return s
}

export function staleId(): Scenario {
  const s = new Scenario({ name: 'stale-id', group: 'maleant', idp: entra, start: '2024-04-22T07:00:00Z' })
  const keenan = s.person('Keenan', 'Feldspar', { email: 'keenan@maleant.example' })
  s.lookup(keenan).create(keenan)
  // Ids the Entra app still holds for users GitLab never had (or no longer has under that id).
  const ghostA = s.rng.guid()
  const ghostB = s.rng.guid()
  s.wait('1h').patch(null, entra.activeOps(false), { id: ghostA, status: 404 })
  s.wait('2s').get(null, { id: ghostA, status: 404 })
  s.wait('40m').remove(null, { id: ghostB, status: 404 })
  s.wait('40m').patch(null, entra.activeOps(false), { id: ghostA, status: 404 })
  s.expect('stale-id-in-identity-provider', null, { externalId: ghostA })
  s.expect('stale-id-in-identity-provider', null, { externalId: ghostB })
  return s
}

export function entraMatchingAttribute(): Scenario {
  const s = new Scenario({
    name: 'entra-matching-attribute',
    group: 'intersite',
    idp: entra,
    start: '2024-06-17T10:00:00Z',
  })
  const gilfoyle = s.person('Bertram', 'Gilfoyle', {
    email: 'gilfoyle@intersite.example',
    userName: 'gilfoyle',
  })
  const dinesh = s.person('Dinesh', 'Chugtai', { email: 'dinesh@intersite.example', userName: 'dinesh' })
  // Matching on userName (mailNickname) instead of externalId (objectId).
  s.lookup(gilfoyle, { by: 'userName' }).create(gilfoyle)
  s.wait('6h').lookup(gilfoyle, { by: 'userName' })
  // Matching on the work email: GitLab does not support that filter.
  s.wait('10s').lookup(dinesh, { by: 'email', status: 412 })
  s.wait('40m').lookup(dinesh, { by: 'email', status: 412 })
  s.expect('entra-matching-attribute', gilfoyle).expect('entra-matching-attribute', dinesh)
  return s
}

export function firstKeyOnlyPatch(): Scenario {
  const s = new Scenario({
    name: 'first-key-only-patch',
    group: 'pegasus',
    idp: entraFlag,
    start: '2024-07-15T10:00:00Z',
  })
  const jian = s.person('Jian', 'Yang', { email: 'jian.yang@pegasus.example' })
  const big = s.person('Nelson', 'Bighetti', { email: 'nelson@pegasus.example' })
  s.lookup(jian).create(jian)
  s.wait('4s').lookup(big).create(big)
  // Renamed and disabled in one cycle: GitLab reads only `displayName`, so `active: false` is lost.
  s.at('2024-07-29T17:05:00Z').patch(jian, [
    { op: 'replace', value: { displayName: 'Jian-Yang', active: false } },
  ])
  // aadOptscim062020 sends several attributes in one path-less op, with dotted keys.
  s.wait('1d').patch(big, [{ op: 'replace', value: { 'name.givenName': 'Big', 'name.familyName': 'Head' } }])
  s.expect('first-key-only-patch', jian).expect('first-key-only-patch', big)
  return s
}
