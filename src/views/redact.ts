/**
 * `--redact`: replace emails, userNames, names, externalIds and IP addresses with stable aliases so a
 * report can be shared. It works on records before timelines are built, so every view and every
 * finding's text is made from aliases only; each person keeps one number across all their values.
 */

import { encodeSegment } from '../common/uri.js'
import type { ScimRecord } from '../records/types.js'
import { linkPeople } from '../timelines/linking.js'

const EMAIL = /^([^@\s]+)@([^@\s]+\.[^@\s]+)$/

class Aliases {
  private readonly map = new Map<string, string>()
  private readonly domains = new Map<string, string>()
  private readonly ips = new Map<string, string>()
  private unattributed = 0

  domain(domain: string): string {
    const key = domain.toLowerCase()
    let alias = this.domains.get(key)
    if (!alias) {
      alias = `domain-${this.domains.size + 1}.example`
      this.domains.set(key, alias)
    }
    return alias
  }

  ip(ip: string): string {
    return ip
      .split(',')
      .map((part) => {
        const key = part.trim()
        let alias = this.ips.get(key)
        if (!alias) {
          const n = this.ips.size + 1
          alias = `203.0.113.${n <= 254 ? n : `x${n}`}`
          this.ips.set(key, alias)
        }
        return alias
      })
      .join(', ')
  }

  /** Register `value` with an alias built from the person's number (first come keeps the plain form). */
  assign(value: string | undefined, make: (suffix: string) => string, used: Set<string>): void {
    if (value === undefined || value === '') return
    const key = value.toLowerCase()
    if (this.map.has(key)) return
    const email = EMAIL.exec(value)
    let suffix = ''
    for (let i = 2; used.has(make(suffix) + (email ? '@' : '')); i++) suffix = `-${i}`
    const local = make(suffix)
    used.add(local + (email ? '@' : ''))
    this.map.set(key, email ? `${local}@${this.domain(email[2] as string)}` : local)
  }

  lookup(value: string): string {
    const known = this.map.get(value.toLowerCase())
    if (known) return known
    const email = EMAIL.exec(value)
    if (email) {
      const alias = `someone-${++this.unattributed}@${this.domain(email[2] as string)}`
      this.map.set(value.toLowerCase(), alias)
      return alias
    }
    return value
  }

  /** Deep copy with every registered or email-shaped string replaced. */
  rewrite(value: unknown): unknown {
    if (typeof value === 'string') return this.lookup(value)
    if (Array.isArray(value)) return value.map((item) => this.rewrite(item))
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.rewrite(v)]))
    }
    return value
  }
}

function registerPerson(aliases: Aliases, records: ScimRecord[], n: number): void {
  const used = new Set<string>()
  for (const r of records) {
    const b = r.body
    for (const email of b.emails) aliases.assign(email.value, (s) => `person-${n}${s}`, used)
    aliases.assign(b.userName, (s) => `person-${n}${s}`, used)
  }
  for (const r of records) {
    const b = r.body
    for (const uid of [b.externalId, b.id, r.scimId, r.patch?.externUid])
      aliases.assign(uid, (s) => `id-${n}${s}`, used)
    if (b.filter)
      aliases.assign(
        b.filter.value,
        (s) => (/user/i.test(b.filter?.attribute ?? '') ? `person-${n}${s}` : `id-${n}${s}`),
        used,
      )
    aliases.assign(b.displayName, (s) => `Person ${n}${s}`, used)
    aliases.assign(b.name?.formatted, (s) => `Person ${n}${s}`, used)
    aliases.assign(b.name?.givenName, (s) => `Given${n}${s}`, used)
    aliases.assign(b.name?.familyName, (s) => `Family${n}${s}`, used)
  }
}

export function redactRecords(records: readonly ScimRecord[]): ScimRecord[] {
  const aliases = new Aliases()
  const { groups } = linkPeople(records)
  const ordered = groups
    .map((group) => [...group].sort((a, b) => a.timeMs - b.timeMs))
    .sort((a, b) => (a[0]?.timeMs ?? 0) - (b[0]?.timeMs ?? 0))
  for (const [i, group] of ordered.entries()) registerPerson(aliases, group, i + 1)

  return records.map((record) => {
    const copy = structuredClone(record)
    copy.body = aliases.rewrite(record.body) as ScimRecord['body']
    if (record.body.filter) {
      const f = record.body.filter
      const value = aliases.lookup(f.value)
      copy.body.filter = { ...f, value, raw: `${f.attribute} ${f.operator} "${value}"` }
    }
    if (record.patch) copy.patch = aliases.rewrite(record.patch) as ScimRecord['patch']
    if (record.scimId !== undefined) {
      copy.scimId = aliases.lookup(record.scimId)
      const cut = record.path.lastIndexOf('/')
      copy.path = `${record.path.slice(0, cut + 1)}${encodeSegment(copy.scimId)}`
    }
    if (record.remoteIp !== undefined) copy.remoteIp = aliases.ip(record.remoteIp)
    return copy
  })
}
