/** Elasticsearch and Kibana as sources (issue #11): see `source.ts`. */
export { createClient, loadClientModule, safeHost } from './client.js'
export { ES_EXIT, SourceUnavailableError } from './errors.js'
export { detectForms, formsFromCaps } from './mapping.js'
export {
  buildKql,
  buildQuery,
  buildSearchBody,
  KEYWORD_FORMS,
  sourceIncludes,
  statusRanges,
} from './query.js'
export { describeConnection, type ElasticsearchSourceOptions, elasticsearchSource } from './source.js'
export type * from './types.js'
