import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError, UserError } from '../../src/common/errors.js'
import { compareNames, expandInputs } from '../../src/sources/inputs.js'
import { withTempDir } from './fixtures.js'

async function touch(dir: string, names: string[]): Promise<void> {
  for (const name of names) await writeFile(join(dir, name), '')
}

const names = (specs: { display: string }[], dir: string) =>
  specs.map((s) => s.display.replace(`${dir}/`, ''))

describe('expandInputs', () => {
  it('orders logrotate files highest N first, then the live file', async () => {
    await withTempDir(async (dir) => {
      await touch(dir, [
        'api_json.log',
        'api_json.log.1',
        'api_json.log.10.gz',
        'api_json.log.2.gz',
        'api_json.log.3.gz',
      ])
      expect(names(await expandInputs([dir]), dir)).toEqual([
        'api_json.log.10.gz',
        'api_json.log.3.gz',
        'api_json.log.2.gz',
        'api_json.log.1',
        'api_json.log',
      ])
    })
  })

  it('orders svlogd files by TAI64N label, then current', async () => {
    await withTempDir(async (dir) => {
      await touch(dir, [
        'current',
        '@400000006643fb2a1d2e3f40.s',
        '@40000000663e8a4b00000000.u',
        '@400000006643fb2a0a000000.s',
        'lock',
        'config',
      ])
      expect(names(await expandInputs([dir]), dir)).toEqual([
        '@40000000663e8a4b00000000.u',
        '@400000006643fb2a0a000000.s',
        '@400000006643fb2a1d2e3f40.s',
        'current',
      ])
    })
  })

  it('reads exports, ignores other files and subdirectories, and says so in a debug message', async () => {
    await withTempDir(async (dir) => {
      await touch(dir, [
        'export.csv',
        'hits.json',
        'lines.ndjson.gz',
        'README.md',
        'production_json.log',
        '.hidden',
      ])
      await mkdir(join(dir, 'nested.json'))
      const messages: string[] = []
      const specs = await expandInputs([dir], { debug: (m) => messages.push(m) })
      expect(names(specs, dir)).toEqual(['export.csv', 'hits.json', 'lines.ndjson.gz'])
      expect(messages).toHaveLength(1)
      // each with the reason it is not read (an empty file's name says nothing and neither do its bytes)
      expect(messages[0]).toContain(
        '.hidden (hidden), README.md (empty), nested.json/ (a directory), production_json.log (empty)',
      )
    })
  })

  it('sorts each logrotate family (dated before numbered), then svlogd, then exports', () => {
    const sorted = [
      'z.csv',
      'api_json.log',
      'current',
      'api_json.log-20240102.gz',
      'api_json.log.1',
      'api_json.log-20240101.gz',
      '@400000006643fb2a1d2e3f40.s',
    ].sort(compareNames)
    expect(sorted).toEqual([
      'api_json.log-20240101.gz',
      'api_json.log-20240102.gz',
      'api_json.log.1',
      'api_json.log',
      '@400000006643fb2a1d2e3f40.s',
      'current',
      'z.csv',
    ])
  })

  it('keeps explicit inputs in the order given, any name, once each, with stdin', async () => {
    await withTempDir(async (dir) => {
      await touch(dir, ['b.txt', 'api_json.log'])
      const specs = await expandInputs([join(dir, 'b.txt'), '-', dir, join(dir, 'api_json.log')])
      expect(specs.map((s) => (s.kind === 'stdin' ? '-' : s.display.replace(`${dir}/`, '')))).toEqual([
        'b.txt',
        '-',
        'api_json.log',
      ])
    })
  })

  it('fails with one clear line for a missing input, before reading anything', async () => {
    await withTempDir(async (dir) => {
      await touch(dir, ['api_json.log'])
      const missing = join(dir, 'nope.log')
      const error = await expandInputs([dir, missing]).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).message).toBe(`cannot read '${missing}': no such file`)
      expect((error as InputError).exitCode).toBe(3)
    })
  })

  it('fails for an unreadable file (unless running as root)', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'secret.log')
      await writeFile(path, 'x')
      await chmod(path, 0o000)
      const result = await expandInputs([path]).then(
        () => 'read',
        (e: Error) => e.message,
      )
      if (process.getuid?.() === 0) expect(result).toBe('read')
      else expect(result).toBe(`cannot read '${path}': permission denied`)
    })
  })

  it('rejects a directory with no logs, no inputs at all, and stdin twice', async () => {
    await withTempDir(async (dir) => {
      await touch(dir, ['notes.txt'])
      await expect(expandInputs([dir])).rejects.toThrow(InputError)
      await expect(expandInputs([dir])).rejects.toThrow(/no API logs or exports in/)
    })
    await expect(expandInputs([])).rejects.toThrow(UserError)
    await expect(expandInputs(['-', '-'])).rejects.toThrow("stdin ('-') can be given only once")
  })

  it('reads files whose first bytes are a log or an export, whatever their name (issue #14)', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'scim-errors.log'), '{"time":"2024-05-14T09:00:00Z","path":"/api/v4/x"}\n')
      await writeFile(join(dir, 'kibana-export.txt'), '{"_id":"1","_source":{"json":{"path":"/x"}}}\n')
      await writeFile(join(dir, 'discover'), '"@timestamp","json.path"\n"May 29, 2024 @ 10:31:06.640","/x"\n')
      await writeFile(join(dir, 'notes.txt'), 'remember to rotate the logs\n')
      await writeFile(join(dir, 'blank.log'), '\n\n')
      const messages: string[] = []
      const specs = await expandInputs([dir], { debug: (m) => messages.push(m) })
      expect(names(specs, dir).sort()).toEqual(['discover', 'kibana-export.txt', 'scim-errors.log'])
      expect(messages[0]).toContain(
        'blank.log (blank), notes.txt (not an API log or export by its first bytes)',
      )
    })
  })

  it('lists a dangling link named like a log, for the reader to report as unreadable', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'api_json.log'), '')
      await symlink(join(dir, 'gone'), join(dir, 'api_json.log.2.gz'))
      await symlink(join(dir, 'gone'), join(dir, 'other-link'))
      const specs = await expandInputs([dir])
      expect(names(specs, dir)).toEqual(['api_json.log.2.gz', 'api_json.log'])
      expect(specs.every((s) => s.kind === 'file' && s.inDirectory)).toBe(true)
    })
  })

  it('a directory with nothing to read is a warning while another input remains', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'empty'))
      await writeFile(join(dir, 'empty', 'notes.txt'), 'hello\n')
      await writeFile(join(dir, 'api_json.log'), '')
      const warnings: string[] = []
      const specs = await expandInputs([join(dir, 'empty'), join(dir, 'api_json.log')], {
        warn: (m) => warnings.push(m),
      })
      expect(specs).toHaveLength(1)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/no API logs or exports in .*empty.*skipped 1: notes.txt/)
    })
  })
})
