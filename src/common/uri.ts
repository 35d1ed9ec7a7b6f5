/**
 * Percent-encoding for the API paths written into remedies. Log values are untrusted: a JSON `\uD800`
 * escape gives a string with a lone surrogate, on which `encodeURIComponent` throws ("URI malformed")
 * and, before this, took the whole report with it. Lone surrogates are encoded as U+FFFD, as the WHATWG
 * URL encoder does; every well-formed string encodes exactly as `encodeURIComponent` would.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** `encodeURIComponent` that never throws. */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'))
}
