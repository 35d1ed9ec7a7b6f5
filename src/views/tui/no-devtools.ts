/**
 * Stands in for `react-devtools-core` in the bundle: Ink imports it only when DEV=true, which the bundle
 * does not support (esbuild would otherwise hoist the import of the optional package to the top of tui.js).
 */
export default {
  initialize(): void {},
  connectToDevTools(): void {},
}
