/**
 * Bounds every reader keeps, so one runaway line cannot hold the whole input in memory.
 */

/**
 * Lines longer than this (bytes before the `\n`) are skipped as `too-long` and never kept whole, in every
 * line-based format (api_json.log, NDJSON exports, Kibana CSV rows). Real API log lines are a few KiB.
 */
export const MAX_LINE_BYTES = 1 << 20
