/**
 * Small servers the fault tests put between scimtrace and the real Elasticsearch: a TCP proxy that resets
 * or delays connections, an HTTP forwarder that can answer with an error first or act as Kibana's console
 * proxy, and the CLI run without blocking them (`spawnSync` would stop their event loop).
 */
import { spawn } from 'node:child_process'
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { BIN, ROOT, type RunResult } from '../../cli/run.js'

export interface Running {
  url: string
  port: number
  close(): Promise<void>
}

function listen(server: Server, sockets?: Set<Socket>): Promise<Running> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets ?? []) socket.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}

/** Forwards TCP to `target`; resets the first `reset` connections on their first bytes; delays each chunk. */
export function tcpProxy(target: string, options: { reset?: number; delayMs?: number; hang?: boolean } = {}) {
  const { hostname, port } = new URL(target)
  let resets = options.reset ?? 0
  const stats = { connections: 0, resets: 0 }
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    stats.connections++
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    if (options.hang) return // accept, never answer
    if (resets > 0) {
      resets--
      client.once('data', () => {
        stats.resets++
        client.resetAndDestroy()
      })
      return
    }
    const upstream = connect(Number(port), hostname)
    sockets.add(upstream)
    const relay = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => {
        if (!options.delayMs) to.write(chunk)
        else {
          from.pause()
          setTimeout(() => {
            to.write(chunk)
            from.resume()
          }, options.delayMs)
        }
      })
    relay(client, upstream)
    relay(upstream, client)
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.end())
    upstream.on('close', () => client.end())
  })
  return listen(server, sockets).then((running) => ({ ...running, stats }))
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

async function forward(
  target: string,
  method: string,
  path: string,
  body: Buffer,
  headers: Record<string, string>,
  response: ServerResponse,
  passHeaders: boolean,
): Promise<void> {
  const upstream = await fetch(`${target}${path}`, {
    method,
    headers,
    ...(body.length > 0 && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
  })
  const out: Record<string, string> = {
    'content-type': upstream.headers.get('content-type') ?? 'application/json',
  }
  if (passHeaders) {
    const product = upstream.headers.get('x-elastic-product')
    if (product) out['x-elastic-product'] = product
  }
  response.writeHead(upstream.status, out)
  response.end(Buffer.from(await upstream.arrayBuffer()))
}

export interface ForwarderOptions {
  /** Answer the first `count` requests whose path matches with this status (and `Retry-After`). */
  fail?: { status: number; count: number; retryAfter?: string; path?: RegExp }
  /** Act as Kibana's console proxy: only `POST /api/console/proxy?path=…&method=…` with `kbn-xsrf`. */
  kibana?: boolean
  /** Serve HTTPS with this key and certificate. */
  tls?: { key: string; cert: string }
}

/** An HTTP forwarder to the real server; `seen` records each request's method, path and headers. */
export function httpForwarder(target: string, options: ForwarderOptions = {}) {
  const seen: { method: string; path: string; headers: IncomingMessage['headers'] }[] = []
  let failures = options.fail?.count ?? 0
  const handler = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request)
    const url = request.url ?? '/'
    seen.push({ method: request.method ?? '', path: url, headers: request.headers })
    try {
      if (options.kibana) {
        const parsed = new URL(url, 'http://kibana')
        if (request.method !== 'POST' || parsed.pathname !== '/api/console/proxy') {
          response.writeHead(404, { 'content-type': 'application/json' })
          return response.end('{"statusCode":404,"error":"Not Found"}')
        }
        if (request.headers['kbn-xsrf'] === undefined) {
          response.writeHead(400, { 'content-type': 'application/json' })
          return response.end(
            '{"statusCode":400,"error":"Bad Request","message":"Request must contain a kbn-xsrf header."}',
          )
        }
        const path = parsed.searchParams.get('path') ?? ''
        const method = parsed.searchParams.get('method') ?? 'GET'
        const headers: Record<string, string> = { 'content-type': 'application/json' }
        if (request.headers.authorization) headers.authorization = request.headers.authorization
        // Kibana answers with Elasticsearch's status and body; it need not pass on x-elastic-product.
        return await forward(
          target,
          method,
          path.startsWith('/') ? path : `/${path}`,
          body,
          headers,
          response,
          false,
        )
      }
      if (failures > 0 && (!options.fail?.path || options.fail.path.test(url))) {
        failures--
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'x-elastic-product': 'Elasticsearch',
        }
        if (options.fail?.retryAfter) headers['retry-after'] = options.fail.retryAfter
        response.writeHead(options.fail?.status ?? 500, headers)
        return response.end(
          JSON.stringify({
            error: { type: 'es_rejected_execution_exception', reason: 'busy' },
            status: options.fail?.status,
          }),
        )
      }
      const headers: Record<string, string> = {}
      for (const name of ['content-type', 'accept', 'authorization']) {
        const value = request.headers[name]
        if (typeof value === 'string') headers[name] = value
      }
      await forward(target, request.method ?? 'GET', url, body, headers, response, true)
    } catch (error) {
      response.writeHead(502)
      response.end(String(error))
    }
  }
  const server = options.tls ? createHttpsServer(options.tls, handler) : createHttpServer(handler)
  return listen(server as unknown as Server).then((running) => ({
    ...running,
    url: options.tls ? running.url.replace('http:', 'https:') : running.url,
    seen,
  }))
}

/** The CLI, spawned without blocking this process; `onStderr` sees stderr as it comes. */
export function scimtraceAsync(
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv
    onSpawn?: (pid: number) => void
    onStderr?: (text: string) => void
  } = {},
): Promise<RunResult & { ms: number }> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    if (child.pid) options.onSpawn?.(child.pid)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
      options.onStderr?.(String(chunk))
    })
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr, ms: Date.now() - started }),
    )
  })
}
