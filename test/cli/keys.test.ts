/**
 * Issue #13 §8: every `key` a JSON output prints for a person is accepted by `timeline` and `explain`,
 * and names exactly that person (keys are unique even when two people share a first id).
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildTimelines } from '../../src/timelines/build.js'
import { findPeople } from '../../src/timelines/find.js'
import { loadRecords, ROOT } from '../pipeline/load.js'
import { post } from '../timelines/helpers.js'
import { scimtrace } from './run.js'

const SAMPLE_FILES = ['okta-lifecycle', 'entra-lifecycle', 'healthy', 'mixed']
  .map((dir) => `samples/${dir}/api_json.log`)
  .concat(readdirSync(join(ROOT, 'samples/errors')).map((name) => `samples/errors/${name}`))

describe('person keys round-trip', () => {
  it('every key of every sample finds exactly its person (in process)', async () => {
    let checked = 0
    for (const file of SAMPLE_FILES) {
      const { people } = buildTimelines((await loadRecords([file])).records)
      for (const person of people) {
        expect(findPeople(people, person.key), `${file}: ${person.key}`).toEqual([person])
        checked++
      }
    }
    expect(checked).toBeGreaterThan(40)
  })

  it('people who share a first id get distinct keys, each found alone', () => {
    // One person's externalId is another's userName: linking keeps them apart (an id is not a userName),
    // and both keys would be `acme-corp/jsmith`.
    const { people } = buildTimelines([
      post({ externalId: 'jsmith', userName: 'john.smith', email: 'john.smith@acme.example' }),
      post({ externalId: 'guid-2', userName: 'jsmith', email: 'jane.smith@acme.example' }),
    ])
    expect(people.map((p) => p.key)).toEqual(['acme-corp/jsmith', 'acme-corp/guid-2'])
    const { people: clash } = buildTimelines([
      post({ externalId: 'jsmith', userName: 'john.smith', email: 'john.smith@acme.example' }),
      post({ userName: 'jsmith', email: 'jane.smith@acme.example' }),
    ])
    expect(clash.map((p) => p.key)).toEqual(['acme-corp/jsmith', 'acme-corp/jsmith#2'])
    for (const person of clash) expect(findPeople(clash, person.key)).toEqual([person])
  })

  it('timeline and explain accept the keys users --format json and report --format json print', () => {
    const file = 'samples/errors/stale-id.log'
    const users = JSON.parse(scimtrace(['users', '--format', 'json', file]).stdout) as { key: string }[]
    const report = JSON.parse(scimtrace(['report', '--format', 'json', file]).stdout) as {
      people: { key: string }[]
    }
    const keys = new Set([...users.map((u) => u.key), ...report.people.map((p) => p.key)])
    expect(keys.size).toBeGreaterThan(1)
    for (const key of keys) {
      for (const command of ['timeline', 'explain']) {
        const run = scimtrace([command, key, file])
        expect(run.stderr, `${command} ${key}`).not.toMatch(/nobody matches|people match/)
        expect(run.code, `${command} ${key}`).toBe(0)
      }
    }
  })
})
