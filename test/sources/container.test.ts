/**
 * Issue #13 §4: container log shapes. CRI partial lines (P … F) are joined per stream, stderr is read as
 * well as stdout, Docker's json-file wrapper (split long lines too) and gitlab-logger's wrapper are undone,
 * and a joined line counts once. Each container sample must give the plain file's records and findings.
 */
import { describe, expect, it } from 'vitest'
import { diagnose } from '../../src/diagnosis/index.js'
import type { ScimRecord } from '../../src/records/types.js'
import { ContainerJoiner, detectContainer } from '../../src/sources/api-log/container.js'
import { buildTimelines } from '../../src/timelines/build.js'
import { loadRecords } from '../pipeline/load.js'

const strip = (records: ScimRecord[]) => records.map(({ origin: _origin, ...rest }) => rest)

describe('container samples give the plain file’s records', async () => {
  const plain = await loadRecords(['samples/k8s/long-lines.log'])
  it('the plain file has a line over 16 KiB and a server-error finding', () => {
    expect(plain.records).toHaveLength(6)
    expect(diagnose(buildTimelines(plain.records)).all.map((f) => f.rule)).toContain('server-error')
  })
  for (const [file, extraLines] of [
    ['samples/k8s/cri-partial.log', 1], // one stderr line of Puma noise between the parts
    ['samples/k8s/docker-json.log', 0],
    ['samples/k8s/gitlab-logger.log', 0],
  ] as const) {
    it(file, async () => {
      const read = await loadRecords([file])
      expect(strip(read.records)).toEqual(strip(plain.records))
      expect(read.accounting.lines).toBe(plain.accounting.lines + extraLines)
      expect(read.accounting.skipped).toBe(0)
      expect(read.accounting.other).toBe(extraLines)
      const findings = diagnose(buildTimelines(read.records)).all
      expect(findings.map((f) => `${f.rule} ${f.title}`)).toEqual(
        diagnose(buildTimelines(plain.records)).all.map((f) => `${f.rule} ${f.title}`),
      )
    })
  }
  it('a joined line has the line number of its first part', async () => {
    const read = await loadRecords(['samples/k8s/cri-partial.log'])
    const long = read.records.find((r) => r.status === 500)
    expect(long?.origin.line).toBe(5)
  })
})

describe('detectContainer', () => {
  it.each([
    ['2024-05-14T09:12:03.412345678Z stdout F {"time":"x"}', 'cri'],
    ['2024-05-14T09:12:03Z stderr P {"time":', 'cri'],
    ['{"log":"{\\"time\\":1}\\n","stream":"stdout","time":"2024-05-14T09:12:03Z"}', 'docker'],
    [
      '{"date":"2024-05-14T09:12:03Z","component": "gitlab","subcomponent":"api_json","message":{}}',
      'gitlab-logger',
    ],
    ['{"time":"2024-05-14T09:12:03Z","path":"/api/scim/v2/groups/a/Users"}', undefined],
  ])('%s', (line, shape) => {
    expect(detectContainer(Buffer.from(`${line}\n`))).toBe(shape)
  })
})

describe('ContainerJoiner', () => {
  const texts = (lines: { text: string; line: number; tooLong: boolean }[]) =>
    lines.map((l) => [l.text, l.line, l.tooLong])

  it('joins P parts per stream, interleaved', () => {
    const j = new ContainerJoiner(1000)
    expect(j.push('t stdout P {"a":', 1, false)).toEqual([])
    expect(texts(j.push('t stderr P err-', 2, false))).toEqual([])
    expect(texts(j.push('t stdout F 1}', 3, false))).toEqual([['{"a":1}', 1, false]])
    expect(texts(j.push('t stderr F done', 4, false))).toEqual([['err-done', 2, false]])
  })

  it('bounds a joined line like any line and counts it once', () => {
    const j = new ContainerJoiner(10)
    j.push('t stdout P 123456', 1, false)
    j.push('t stdout P 789012', 2, false)
    expect(texts(j.push('t stdout F 3', 3, false))).toEqual([['', 1, true]])
  })

  it('joins Docker json-file parts until the one ending in a newline', () => {
    const j = new ContainerJoiner(1000)
    expect(j.push('{"log":"{\\"a\\":","stream":"stdout","time":"t"}', 1, false)).toEqual([])
    expect(texts(j.push('{"log":"1}\\n","stream":"stdout","time":"t"}', 2, false))).toEqual([
      ['{"a":1}', 1, false],
    ])
  })

  it('keeps parts whose final part never came, as one line', () => {
    const j = new ContainerJoiner(1000)
    j.push('t stdout P {"cut', 7, false)
    expect(texts(j.flush())).toEqual([['{"cut', 7, false]])
  })
})
