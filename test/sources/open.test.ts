import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { PEEK_BYTES } from '../../src/sources/detect.js'
import { openStream } from '../../src/sources/open.js'

async function all(stream: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = []
  for await (const chunk of stream) parts.push(chunk)
  return Buffer.concat(parts).toString()
}

describe('openStream', () => {
  it('a stream that pauses after a whole line is told by its first lines, and nothing it gives later is lost', async () => {
    const pipe = new PassThrough()
    pipe.write('{"time":"2024-05-01T00:00:00Z"}\n{"ti')
    const started = Date.now()
    const opened = await openStream(pipe, '-')
    expect(Date.now() - started).toBeLessThan(2000) // the peek stopped waiting for PEEK_BYTES
    expect(opened.complete).toBe(false)
    expect(opened.head.toString()).toBe('{"time":"2024-05-01T00:00:00Z"}\n{"ti')
    const reading = all(opened.bytes())
    pipe.write('me":"2024-05-01T00:00:01Z"}\n')
    pipe.end('{"last":true}\n')
    expect(await reading).toBe(
      '{"time":"2024-05-01T00:00:00Z"}\n{"time":"2024-05-01T00:00:01Z"}\n{"last":true}\n',
    )
  })

  it('waits for more while it holds no whole line, and peeks a full PEEK_BYTES from a stream that has them', async () => {
    const pipe = new PassThrough()
    pipe.write('{"time":')
    let opened: Awaited<ReturnType<typeof openStream>> | undefined
    const opening = openStream(pipe, '-').then((o) => {
      opened = o
    })
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(opened).toBeUndefined()
    pipe.write(`"x"}\n${'y'.repeat(PEEK_BYTES)}\n`)
    await opening
    expect(opened?.head.length).toBe(PEEK_BYTES)
    pipe.end()
    expect((await all(opened?.bytes() as AsyncIterable<Buffer>)).length).toBe(PEEK_BYTES + 14)
  })
})
