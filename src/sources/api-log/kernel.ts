/**
 * A WebAssembly SIMD kernel that, in one pass over a chunk, counts `\n` and finds the lines holding `scim`.
 *
 * The module is tiny (~300 bytes), so it is assembled here from opcodes rather than from a `.wat` file with a
 * build-time tool (no wabt dependency); the equivalent WAT is below. The chunk is read straight into the
 * instance's memory (`ScanKernel.buffer`), so nothing is copied.
 *
 * Measured on the 2-core bench VM (AMD EPYC, Node 20.20), 1 GiB generated log in the page cache, 128 KiB
 * `readSync` reads into the kernel's memory, one thread, medians of 3: read alone 178 ms; read + kernel 280 ms
 * (kernel alone 90 ms, ~12 GB/s; the first version below, one 16-byte block per iteration, took 181 ms); read
 * + a `Buffer.indexOf('cim')` loop 463 ms without even counting lines (+ `indexOf(10)` per line: the old
 * `LineScanner` took ~0.9 s per GiB). Other needles for `indexOf` measured 477–813 ms (`/scim/`, `scim`,
 * `/api/scim/`), so no native search came close.
 *
 * The loop below is the simple form: the module built by `kernelBytes` unrolls it to 64 bytes per iteration
 * (four 16-byte blocks): `s`-then-`c` masks of the four are OR-ed and tested once, `\n` matches are summed
 * in a byte-lane accumulator (`i8x16.sub`, added up with `extadd_pairwise` every 63 iterations), and only a
 * 64-byte block holding an `sc` goes through the exact per-16-byte pass shown here, after the accumulator
 * has been added to `$count`.
 *
 * ```wat
 * (module
 *   (import "env" "mem" (memory 1))
 *   (global $nl (export "nl") (mut i32) (i32.const 0))
 *   ;; Scan [p, end) in 16-byte blocks; [end, end + 67) must be zero (the caller pads). For the first `scim`
 *   ;; on each line, store (offset, newlines before it) at out; return how many were stored; set $nl.
 *   (func (export "scan") (param $p i32) (param $end i32) (param $out i32) (result i32)
 *     (local $count i32) (local $n i32) (local $nlm i32) (local $bits i32) (local $j i32) (local $h i32)
 *     (local $last i32) (local $vNL v128) (local $vS v128) (local $vC v128) (local $vI v128) (local $vM v128)
 *     (local $v0 v128) (local $m v128)
 *     (local.set $last (i32.const -1))
 *     (local.set $vNL (i8x16.splat (i32.const 10)))  ;; and $vS 's', $vC 'c', $vI 'i', $vM 'm'
 *     (block $done (loop $top
 *       (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
 *       (local.set $nlm (i8x16.bitmask (i8x16.eq (local.tee $v0 (v128.load (local.get $p))) (local.get $vNL))))
 *       ;; `sc` at each position (rare): only then look for `im` after it.
 *       (if (v128.any_true (local.tee $m (v128.and (i8x16.eq (local.get $v0) (local.get $vS))
 *                                                 (i8x16.eq (v128.load offset=1 (local.get $p)) (local.get $vC)))))
 *         (then
 *           (local.set $bits (i8x16.bitmask (v128.and (v128.and (local.get $m)
 *             (i8x16.eq (v128.load offset=2 (local.get $p)) (local.get $vI)))
 *             (i8x16.eq (v128.load offset=3 (local.get $p)) (local.get $vM)))))
 *           (block $b (loop $l
 *             (br_if $b (i32.eqz (local.get $bits)))
 *             (local.set $j (i32.ctz (local.get $bits)))
 *             ;; newlines before the hit: those before this block plus those in it below bit j
 *             (local.tee $h (i32.add (local.get $count)
 *               (i32.popcnt (i32.and (local.get $nlm) (i32.sub (i32.shl (i32.const 1) (local.get $j)) (i32.const 1))))))
 *             (if (i32.ne (local.get $last)) (then  ;; first hit on this line
 *               (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3)))
 *                          (i32.add (local.get $p) (local.get $j)))
 *               (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))) (local.get $h))
 *               (local.set $n (i32.add (local.get $n) (i32.const 1)))
 *               (local.set $last (local.get $h))))
 *             (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
 *             (br $l)))))
 *       (local.set $count (i32.add (local.get $count) (i32.popcnt (local.get $nlm))))
 *       (local.set $p (i32.add (local.get $p) (i32.const 16)))
 *       (br $top)))
 *     (global.set $nl (local.get $count))
 *     (local.get $n)))
 * ```
 */

function uleb(n: number): number[] {
  const out: number[] = []
  let v = n >>> 0
  do {
    let byte = v & 0x7f
    v >>>= 7
    if (v !== 0) byte |= 0x80
    out.push(byte)
  } while (v !== 0)
  return out
}

function sleb(n: number): number[] {
  const out: number[] = []
  let v = n | 0
  for (;;) {
    const byte = v & 0x7f
    v >>= 7
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte)
      return out
    }
    out.push(byte | 0x80)
  }
}

const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'latin1')]
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body]
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()]

const I32 = 0x7f
const V128 = 0x7b
const BLOCK = [0x02, 0x40]
const LOOP = [0x03, 0x40]
const IF = [0x04, 0x40]
const END = [0x0b]
const br = (depth: number) => [0x0c, ...uleb(depth)]
const brIf = (depth: number) => [0x0d, ...uleb(depth)]
const get = (i: number) => [0x20, ...uleb(i)]
const set = (i: number) => [0x21, ...uleb(i)]
const tee = (i: number) => [0x22, ...uleb(i)]
const globalSet = (i: number) => [0x24, ...uleb(i)]
const i32 = (n: number) => [0x41, ...sleb(n)]
const store = (offset: number) => [0x36, 2, ...uleb(offset)]
const EQZ = [0x45]
const NE = [0x47]
const GE_U = [0x4f]
const CTZ = [0x68]
const POPCNT = [0x69]
const ADD = [0x6a]
const SUB = [0x6b]
const AND = [0x71]
const SHL = [0x74]
const vload = (offset: number) => [0xfd, 0x00, 0, ...uleb(offset)]
const SPLAT = [0xfd, 0x0f]
const VEQ = [0xfd, 0x23]
const VAND = [0xfd, 0x4e]
const ANY_TRUE = [0xfd, 0x53]
const BITMASK = [0xfd, 0x64]

const VSUB = [0xfd, 0x71]
const VOR = [0xfd, 0x50]
const EXTADD_8_16_U = [0xfd, 0x7d]
const EXTADD_16_32_U = [0xfd, 0x7f]
const lane = (i: number) => [0xfd, 0x1b, i]
const EQ = [0x46]

/** The binary module described by the WAT above. */
export function kernelBytes(): Uint8Array {
  // Params p, end, out; i32 locals count … iter; v128 locals vNL … acc.
  const L = {
    p: 0,
    end: 1,
    out: 2,
    count: 3,
    n: 4,
    nlm: 5,
    bits: 6,
    j: 7,
    h: 8,
    last: 9,
    iter: 10,
    vNL: 11,
    vS: 12,
    vC: 13,
    vI: 14,
    vM: 15,
    a0: 16,
    a1: 17,
    a2: 18,
    a3: 19,
    acc: 20,
  }
  const { p, out, count, n, nlm, bits, j, h, last, iter, vNL, vS, vC, vI, vM, acc } = L
  const a = [L.a0, L.a1, L.a2, L.a3] as const
  const hitAddress = [...get(out), ...get(n), ...i32(3), ...SHL, ...ADD]
  const splat = (byte: number, local: number) => [...i32(byte), ...SPLAT, ...set(local)]
  /** count += sum of the byte lanes of acc (each ≤ 252); acc = 0. */
  const flush = [
    ...get(acc),
    ...EXTADD_8_16_U,
    ...EXTADD_16_32_U,
    ...tee(acc),
    ...lane(0),
    ...get(acc),
    ...lane(1),
    ...ADD,
    ...get(acc),
    ...lane(2),
    ...ADD,
    ...get(acc),
    ...lane(3),
    ...ADD,
    ...get(count),
    ...ADD,
    ...set(count),
    ...splat(0, acc),
    ...i32(0),
    ...set(iter),
  ]
  /** The exact pass over the 16 bytes at p + o (a 64-byte block with an `sc` in it). */
  const block16 = (o: number) => [
    ...get(p),
    ...vload(o),
    ...tee(a[0]),
    ...get(vNL),
    ...VEQ,
    ...BITMASK,
    ...set(nlm),
    ...get(a[0]),
    ...get(vS),
    ...VEQ,
    ...get(p),
    ...vload(o + 1),
    ...get(vC),
    ...VEQ,
    ...VAND,
    ...get(p),
    ...vload(o + 2),
    ...get(vI),
    ...VEQ,
    ...VAND,
    ...get(p),
    ...vload(o + 3),
    ...get(vM),
    ...VEQ,
    ...VAND,
    ...BITMASK,
    ...set(bits),
    ...BLOCK,
    ...LOOP,
    ...get(bits),
    ...EQZ,
    ...brIf(1),
    ...get(bits),
    ...CTZ,
    ...set(j),
    ...get(count),
    ...get(nlm),
    ...i32(1),
    ...get(j),
    ...SHL,
    ...i32(1),
    ...SUB,
    ...AND,
    ...POPCNT,
    ...ADD,
    ...tee(h),
    ...get(last),
    ...NE,
    ...IF,
    ...hitAddress,
    ...get(p),
    ...i32(o),
    ...ADD,
    ...get(j),
    ...ADD,
    ...store(0),
    ...hitAddress,
    ...get(h),
    ...store(4),
    ...get(n),
    ...i32(1),
    ...ADD,
    ...set(n),
    ...get(h),
    ...set(last),
    ...END,
    ...get(bits),
    ...get(bits),
    ...i32(1),
    ...SUB,
    ...AND,
    ...set(bits),
    ...br(0),
    ...END,
    ...END,
    ...get(count),
    ...get(nlm),
    ...POPCNT,
    ...ADD,
    ...set(count),
  ]
  /** `s` at i and `c` at i + 1, for the 16 bytes at p + o (loaded into a[k]). */
  const sc = (k: number) => [
    ...get(p),
    ...vload(16 * k),
    ...tee(a[k] as number),
    ...get(vS),
    ...VEQ,
    ...get(p),
    ...vload(16 * k + 1),
    ...get(vC),
    ...VEQ,
    ...VAND,
  ]
  const nlSub = (k: number) => [
    ...get(acc),
    ...get(a[k] as number),
    ...get(vNL),
    ...VEQ,
    ...VSUB,
    ...set(acc),
  ]
  const code = [
    ...i32(-1),
    ...set(last),
    ...splat(10, vNL),
    ...splat(115, vS),
    ...splat(99, vC),
    ...splat(105, vI),
    ...splat(109, vM),
    ...splat(0, acc),
    ...BLOCK,
    ...LOOP,
    ...get(p),
    ...get(L.end),
    ...GE_U,
    ...brIf(1),
    ...sc(0),
    ...sc(1),
    ...VOR,
    ...sc(2),
    ...sc(3),
    ...VOR,
    ...VOR,
    ...ANY_TRUE,
    ...IF,
    ...flush,
    ...block16(0),
    ...block16(16),
    ...block16(32),
    ...block16(48),
    ...[0x05], // else
    ...nlSub(0),
    ...nlSub(1),
    ...nlSub(2),
    ...nlSub(3),
    ...get(iter),
    ...i32(1),
    ...ADD,
    ...tee(iter),
    ...i32(63),
    ...EQ,
    ...IF,
    ...flush,
    ...END,
    ...END,
    ...get(p),
    ...i32(64),
    ...ADD,
    ...set(p),
    ...br(0),
    ...END,
    ...END,
    ...flush,
    ...get(count),
    ...globalSet(0),
    ...get(n),
    ...END,
  ]
  const body = [
    ...vec([
      [...uleb(8), I32],
      [...uleb(10), V128],
    ]),
    ...code,
  ]
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32]]), ...vec([[I32]])]])),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0]])),
    ...section(6, vec([[I32, 1, ...i32(0), ...END]])),
    ...section(
      7,
      vec([
        [...name('scan'), 0x00, 0],
        [...name('nl'), 0x03, 0],
      ]),
    ),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ])
}

/** The few WebAssembly APIs used here (this project's `lib` settings do not declare them). */
interface WasmGlobal {
  value: unknown
}
interface WasmExports {
  scan: (p: number, end: number, out: number) => number
  nl: WasmGlobal
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer }
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly

/** Bytes after a chunk that the kernel may read (its loads run up to 67 bytes past the end); kept zero. */
export const KERNEL_PAD = 128

let compiled: object | null | undefined

function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = process.env.SCIMTRACE_NO_WASM || !wasm ? null : new wasm.Module(kernelBytes())
    } catch {
      compiled = null // no WebAssembly SIMD here: the scanner falls back to `Buffer.indexOf`
    }
  }
  return compiled
}

/** One kernel instance with its own memory: a read buffer of `bufferBytes` (+ padding) and room for hits. */
export class ScanKernel {
  /** The read buffer, inside the instance's memory. */
  readonly buffer: Buffer
  readonly arrayBuffer: ArrayBuffer
  /** Hits as (absolute offset, newlines before it) pairs, from `hitsIndex` (in `Int32Array` units). */
  readonly hits: Int32Array
  readonly hitsIndex: number
  /** `\n` count of the last `scan`. */
  newlines = 0
  private readonly memoryBytes: Buffer
  private readonly scanFn: (p: number, end: number, out: number) => number
  private readonly nl: WasmGlobal
  private readonly out: number

  private constructor(api: WasmApi, module: object, bufferBytes: number) {
    // At most one hit per line and a line holding `scim` is at least 5 bytes: len / 4 + 2 pairs is enough.
    const out = (bufferBytes + KERNEL_PAD + 7) & ~7
    const total = out + 8 * ((bufferBytes >> 2) + 2)
    const memory = new api.Memory({ initial: Math.ceil(total / 65536) })
    const instance = new api.Instance(module, { env: { mem: memory } })
    const exports = instance.exports as WasmExports
    this.scanFn = exports.scan
    this.nl = exports.nl
    this.arrayBuffer = memory.buffer
    this.memoryBytes = Buffer.from(memory.buffer)
    this.buffer = this.memoryBytes.subarray(0, bufferBytes)
    this.out = out
    this.hits = new Int32Array(memory.buffer)
    this.hitsIndex = out >> 2
  }

  /** A kernel for a `bufferBytes` read buffer, or `undefined` where WebAssembly SIMD is unavailable. */
  static create(bufferBytes: number): ScanKernel | undefined {
    const module = kernelModule()
    return module && wasm ? new ScanKernel(wasm, module, bufferBytes) : undefined
  }

  /**
   * Scan `buffer[start, end)`: returns how many hits were stored (the first `scim` of each line, as absolute
   * offsets with the number of `\n` before them in the range) and sets `newlines`.
   */
  scan(start: number, end: number): number {
    this.memoryBytes.fill(0, end, end + KERNEL_PAD)
    const hits = this.scanFn(start, end, this.out)
    this.newlines = this.nl.value as number
    return hits
  }
}
