/** Readers for Kibana and Elasticsearch exports; each yields entries in api_json layout. */
export { CsvParser, type CsvRow, type CsvRowError, sniffSeparator } from './csv.js'
export { decodeCell, headerField, parseKibanaDate, splitMultiValue } from './csv-cells.js'
export { countBytes, type ExportContext, unwrapHit } from './entries.js'
export { MAX_JSON_BYTES, readEsJson } from './es-json.js'
export { readKibanaCsv } from './kibana-csv.js'
export { splitLines } from './lines.js'
export { readKibanaNdjson } from './ndjson.js'
export { decodeLooseValue, type Param, toApiLogDoc } from './to-api-log-doc.js'
