/**
 * Kibana as a transport: every Elasticsearch request goes through Kibana's console proxy,
 * `POST /api/console/proxy?path=<path and query>&method=<method>` with a `kbn-xsrf` header, for admins who
 * can use Kibana but cannot reach the cluster. The proxy answers with Elasticsearch's status and body.
 *
 * Kibana does not promise to pass on the `x-elastic-product` header, so the client's product check is off
 * here, and plain JSON media types are sent (Kibana forwards the body as it is).
 */
import type { EsModule } from './client.js'

type TransportClass = EsModule['Transport']
type Params = Parameters<InstanceType<TransportClass>['request']>[0]
type Options = Parameters<InstanceType<TransportClass>['request']>[1]

/** `{a: 1, b: ['x','y']}` → `a=1&b=x,y` (how the client itself writes list parameters). */
function queryText(querystring: Params['querystring'], extra?: Record<string, unknown>): string {
  const search = new URLSearchParams()
  const add = (values: Record<string, unknown> | undefined) => {
    for (const [key, value] of Object.entries(values ?? {})) {
      if (value === undefined || value === null) continue
      search.append(key, Array.isArray(value) ? value.join(',') : String(value))
    }
  }
  if (typeof querystring === 'string') {
    for (const [key, value] of new URLSearchParams(querystring)) search.append(key, value)
  } else add(querystring)
  add(extra)
  return search.toString()
}

/** The path (with query) the proxy is asked to call. */
export function proxiedPath(params: Params, options?: Options): string {
  const text = queryText(params.querystring, options?.querystring)
  return text === '' ? params.path : `${params.path}?${text}`
}

export function kibanaTransport(module: EsModule): TransportClass {
  const Base = module.Transport
  class KibanaTransport extends Base {
    constructor(options: ConstructorParameters<TransportClass>[0]) {
      super({
        ...options,
        // `undefined`, not the client's 'Elasticsearch': the transport then skips the check.
        productCheck: undefined,
        vendoredHeaders: {
          jsonContentType: 'application/json',
          ndjsonContentType: 'application/x-ndjson',
          accept: 'application/json',
        },
      })
    }

    // biome-ignore lint/suspicious/noExplicitAny: the base class overloads request() on `meta`
    override request(params: Params, options?: Options): Promise<any> {
      const proxied: Params = {
        method: 'POST',
        path: '/api/console/proxy',
        querystring: { path: proxiedPath(params, options), method: params.method },
      }
      if (params.body !== undefined) proxied.body = params.body
      if (params.bulkBody !== undefined) proxied.bulkBody = params.bulkBody
      const { querystring: _, ...rest } = options ?? {}
      return super.request(proxied, { ...rest, headers: { ...rest.headers, 'kbn-xsrf': 'scimtrace' } })
    }
  }
  return KibanaTransport as unknown as TransportClass
}
