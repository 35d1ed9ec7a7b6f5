/**
 * A small seeded PRNG (sfc32) and the random helpers the generator needs.
 * Everything the generator writes comes from here, so a seed fully determines the output.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const HEX = '0123456789abcdef'

/** FNV-1a hash of a string, to derive a seed from a scenario name. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    this.a = 0x9e3779b9
    this.b = 0x243f6a88
    this.c = 0xb7e15162
    this.d = seed >>> 0
    for (let i = 0; i < 15; i++) this.u32()
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296
  }

  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }

  chars(alphabet: string, length: number): string {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet.charAt(Math.floor(this.next() * alphabet.length))
    return out
  }

  alnum(length: number): string {
    return this.chars(ALNUM, length)
  }

  hex(length: number): string {
    return this.chars(HEX, length)
  }

  /** A lowercase version-4 GUID, as Entra ID object ids look. */
  guid(): string {
    const variant = HEX.charAt(8 + Math.floor(this.next() * 4))
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`
  }

  /** An Okta user id: `00u` followed by 17 letters and digits. */
  oktaId(): string {
    return `00u${this.alnum(17)}`
  }

  /** A ULID-like correlation id (26 Crockford base32 characters), time-prefixed like GitLab's. */
  correlationId(timeMs: number): string {
    let time = ''
    let t = Math.floor(timeMs)
    for (let i = 0; i < 10; i++) {
      time = CROCKFORD.charAt(t % 32) + time
      t = Math.floor(t / 32)
    }
    return time + this.chars(CROCKFORD, 16)
  }
}

/** Round a number of seconds the way GitLab does (`ms_to_round_sec`: 6 decimals). */
export function round6(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6
}
