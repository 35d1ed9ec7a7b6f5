/**
 * Module jobs: a worker that is already booted (kept after its job, or reserved during it, `pool.ts`) runs
 * another caller's code: it imports `url` and calls its `runJob(data, reply)`. What the job posts goes to
 * the `Worker`'s `message` event. A worker entry script hands `{ mode: 'module' }` messages to `runModule`.
 */
import type { MessagePort } from 'node:worker_threads'

export interface ModuleJob {
  mode: 'module'
  url: string
  data: unknown
}

/** What a module run by a `ModuleJob` exports. */
export type RunJob = (data: unknown, reply: MessagePort) => unknown

export interface JobError {
  type: 'error'
  message: string
  code?: string | undefined
}

/** An error as a message another thread can read (a stack does not cross). */
export function jobError(error: unknown): JobError {
  const e = error as Error & { code?: unknown }
  return { type: 'error', message: e.message, code: typeof e.code === 'string' ? e.code : undefined }
}

export function isModuleJob(job: unknown): job is ModuleJob {
  return (job as { mode?: unknown } | null)?.mode === 'module'
}

/** Run a module job in this worker; a failure to load or run it is posted back as an error. */
export async function runModule(job: ModuleJob, reply: MessagePort): Promise<void> {
  try {
    const module = (await import(job.url)) as { runJob?: RunJob }
    if (typeof module.runJob !== 'function') throw new Error(`${job.url} exports no runJob`)
    await module.runJob(job.data, reply)
  } catch (error) {
    reply.postMessage(jobError(error))
  }
}
