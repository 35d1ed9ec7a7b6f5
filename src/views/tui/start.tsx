/**
 * The explorer's entry point, loaded only by `scimtrace tui` (esbuild bundles it apart from the CLI as
 * dist/bin/tui.js, so Ink and React never load for other commands). It owns the terminal: the alternate
 * screen on start, and on quit, SIGTERM, SIGHUP or an exception the screen, cursor and input mode restored.
 */
import { writeFileSync } from 'node:fs'
import { render } from 'ink'
import { formatBytes } from '../summary.js'
import type { Effects } from './App.js'
import { Explorer, type ExplorerProps } from './Explorer.js'

export interface TuiOptions {
  /** Where keys come from: the terminal (stdin, or /dev/tty when the log is piped in). */
  keys: NodeJS.ReadStream
  stdout: NodeJS.WriteStream
  colors: boolean
  sources: string
  load: ExplorerProps['load']
  follow?: ExplorerProps['follow']
}

const ENTER = '\u001b[?1049h\u001b[H'
const LEAVE = '\u001b[?25h\u001b[?1049l'

/** Runs until the user quits; resolves with the exit code, rejects with the load's error (terminal restored). */
export function runTui(options: TuiOptions): Promise<number> {
  const { stdout, keys } = options
  return new Promise((resolve, reject) => {
    let done = false
    stdout.write(ENTER)
    const finish = (outcome: () => void) => {
      if (done) return
      done = true
      process.off('SIGTERM', onTerm)
      process.off('SIGHUP', onTerm)
      process.off('uncaughtException', onCrash)
      process.off('unhandledRejection', onCrash)
      try {
        instance.unmount()
      } catch {
        // restoring the terminal below matters more
      }
      if (keys.isTTY) keys.setRawMode?.(false)
      stdout.write(LEAVE)
      keys.pause()
      outcome()
    }
    const onTerm = () => finish(() => resolve(143))
    const onCrash = (error: unknown) => finish(() => reject(error))
    process.on('SIGTERM', onTerm)
    process.on('SIGHUP', onTerm)
    process.on('uncaughtException', onCrash)
    process.on('unhandledRejection', onCrash)
    const effects: Effects = {
      terminal: (sequence) => stdout.write(sequence),
      writeFile: (path, text) => {
        writeFileSync(path, text)
        return `wrote ${formatBytes(Buffer.byteLength(text))} to ${path}`
      },
      quit: () => finish(() => resolve(0)),
    }
    const props: ExplorerProps = {
      load: options.load,
      colors: options.colors,
      sources: options.sources,
      effects,
      onError: onCrash,
    }
    if (options.follow) props.follow = options.follow
    const instance = render(<Explorer {...props} />, {
      stdin: keys,
      stdout,
      exitOnCtrlC: false,
      patchConsole: false,
    })
  })
}
