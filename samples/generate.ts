/**
 * Regenerate the committed samples, or write a big benchmark log.
 *
 *   node dist/samples/generate.js [--out <dir>]
 *   node dist/samples/generate.js --big <path> --bytes 1073741824 [--gzip <path>] [--seed N] [--people N] [--scim-ratio R]
 */
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { writeBigLog } from './generator/big.js'
import { writeSamples } from './generator/index.js'

/** `samples/` in the repository, from `dist/samples/generate.js` or `samples/generate.ts`. */
function defaultOutDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url))
  return here.replace(/[\\/]dist[\\/]samples[\\/]?$/, '/samples')
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?)?$/i.exec(text.trim())
  if (!match) throw new Error(`bad size: ${text}`)
  const unit = (match[2] ?? '').toLowerCase().replace(/i?b$/, '')
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1
  return Math.round(Number(match[1]) * mult)
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      big: { type: 'string' },
      bytes: { type: 'string' },
      gzip: { type: 'string' },
      seed: { type: 'string' },
      people: { type: 'string' },
      'scim-ratio': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    process.stdout.write(
      'usage: generate.js [--out <dir>]\n' +
        '       generate.js --big <path> --bytes <n|512MiB|1GiB> [--gzip <path>] [--seed N] [--people N] [--scim-ratio 0.01]\n',
    )
    return
  }
  if (values.big !== undefined) {
    const result = await writeBigLog({
      path: values.big,
      bytes: parseSize(values.bytes ?? '100MiB'),
      gzipPath: values.gzip,
      seed: values.seed === undefined ? undefined : Number(values.seed),
      people: values.people === undefined ? undefined : Number(values.people),
      scimRatio: values['scim-ratio'] === undefined ? undefined : Number(values['scim-ratio']),
      progress: true,
    })
    process.stdout.write(`${JSON.stringify(result)}\n`)
    return
  }
  const out = values.out ?? defaultOutDir()
  const files = await writeSamples(out)
  process.stderr.write(`wrote ${files.length} sample files to ${out}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
