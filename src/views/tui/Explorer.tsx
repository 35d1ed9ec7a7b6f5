/**
 * The whole session: the progress view until the first requests are analysed, then the explorer over what
 * has been read so far (with reading's progress in the status bar) and, once reading ends, over everything;
 * rebuilt from each new `Analysis` that reading or `--follow` delivers (only the model is rebuilt: the UI
 * state, and the person selected, stay). The models of reading's analyses are built in slices
 * (`modelSteps`), so the one on screen keeps answering keys meanwhile; a newer analysis drops the model
 * being built for an older one.
 */

import { useInput } from 'ink'
import { useEffect, useState } from 'react'
import { inSlices } from '../../common/steps.js'
import { App, type Effects } from './App.js'
import { Loading } from './Loading.js'
import type { AnalyseHooks, Analysis, Progress } from './load.js'
import { buildModel, type Model, modelSteps } from './model.js'
import { useTerminalSize } from './use-terminal-size.js'

export interface ExplorerProps {
  load(hooks: AnalyseHooks): Promise<Analysis>
  /** Start following the inputs; returns how to stop. */
  follow?: (
    analysis: Analysis,
    update: (next: Analysis) => void,
    fail: (error: unknown) => void,
  ) => () => void
  colors: boolean
  sources: string
  effects: Effects
  /** The load failed: the caller restores the terminal and reports it. */
  onError(error: unknown): void
  size?: { width: number; height: number }
}

export function Explorer({ load, follow, colors, sources, effects, onError, size }: ExplorerProps) {
  const terminal = useTerminalSize()
  const { width, height } = size ?? terminal
  const [progress, setProgress] = useState<Progress | undefined>(undefined)
  const [model, setModel] = useState<Model | undefined>(undefined)
  const [reading, setReading] = useState(true)
  useEffect(() => {
    const abort = new AbortController()
    let stop: (() => void) | undefined
    let building = new AbortController()
    /** Build `analysis`'s model in slices, then show it (unless a newer one came, or the session ended). */
    const show = (analysis: Analysis, shown?: () => void) => {
      building.abort()
      const controller = new AbortController()
      building = controller
      inSlices(modelSteps(analysis), { signal: controller.signal }).then(
        ({ value }) => {
          if (abort.signal.aborted || controller.signal.aborted) return
          setModel(value)
          shown?.()
        },
        (error: unknown) => {
          if (!abort.signal.aborted && !controller.signal.aborted) onError(error)
        },
      )
    }
    load({ onProgress: setProgress, onPartial: (partial) => show(partial), signal: abort.signal }).then(
      (analysis) => {
        if (abort.signal.aborted) return
        show(analysis, () => {
          setReading(false)
          // `--follow`'s updates are small (rows of unchanged people are reused): built at once.
          if (follow) stop = follow(analysis, (next) => setModel(buildModel(next)), onError)
        })
      },
      (error: unknown) => {
        if (!abort.signal.aborted) onError(error)
      },
    )
    return () => {
      abort.abort()
      building.abort()
      stop?.()
    }
  }, [load, follow, onError])
  useInput(
    (input, key) => {
      if (input === 'q' || (key.ctrl && input === 'c')) effects.quit()
    },
    { isActive: model === undefined },
  )
  if (!model) return <Loading progress={progress} width={width} sources={sources} />
  return (
    <App
      model={model}
      width={width}
      height={height}
      colors={colors}
      effects={effects}
      following={follow !== undefined}
      progress={reading ? progress : undefined}
    />
  )
}
