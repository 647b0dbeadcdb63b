/**
 * A small seeded PRNG (sfc32) with named sub-streams. Only IEEE-exact operations (+ − × ÷, sqrt,
 * floor) are used here and by the generators, never Math.random, Date.now, exp/log/pow or locale
 * formatting, so the same seed produces the same bytes on every platform.
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  /** A stream for one purpose (`label`): streams of one seed are independent of each other. */
  constructor(seed: number, label: string) {
    const h = fnv1a(label)
    this.a = seed >>> 0
    this.b = h
    this.c = (fnv1a(`${label}#`) ^ 0x9e3779b9) >>> 0
    this.d = 1
    for (let i = 0; i < 16; i++) this.next()
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296
  }

  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1))
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo)
  }

  chance(p: number): boolean {
    return this.float() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!
  }

  /** Approximately standard normal (Irwin–Hall of 4 uniforms): no transcendental functions. */
  normal(): number {
    return (this.float() + this.float() + this.float() + this.float() - 2) * 1.7320508075688772
  }

  /** A random version-4 UUID (RFC 9562 layout) drawn from this stream. */
  uuid(): string {
    const x = this.next()
    const y = this.next()
    const z = this.next()
    const w = this.next()
    return (
      HEX[x >>> 24]! +
      HEX[(x >>> 16) & 255]! +
      HEX[(x >>> 8) & 255]! +
      HEX[x & 255]! +
      '-' +
      HEX[y >>> 24]! +
      HEX[(y >>> 16) & 255]! +
      '-' +
      HEX[((y >>> 8) & 15) | 64]! +
      HEX[y & 255]! +
      '-' +
      HEX[((z >>> 24) & 63) | 128]! +
      HEX[(z >>> 16) & 255]! +
      '-' +
      HEX[(z >>> 8) & 255]! +
      HEX[z & 255]! +
      HEX[w >>> 24]! +
      HEX[(w >>> 16) & 255]! +
      HEX[(w >>> 8) & 255]! +
      HEX[w & 255]!
    )
  }

  /** Draws the four words of a UUID without formatting it: keeps two passes over one stream in step. */
  skipUuid(): void {
    this.next()
    this.next()
    this.next()
    this.next()
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1))
      const tmp = out[i]!
      out[i] = out[j]!
      out[j] = tmp
    }
    return out
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/**
 * Cumulative weights for sampling an index in proportion to `weights` (binary search), e.g.
 * `sample(cumulative([1, 3]), rng)` returns 1 three times out of four.
 */
export function cumulative(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length)
  let total = 0
  for (let i = 0; i < weights.length; i++) {
    total += weights[i]!
    out[i] = total
  }
  return out
}

export function sample(cdf: Float64Array, rng: Rng): number {
  const target = rng.float() * cdf[cdf.length - 1]!
  let lo = 0
  let hi = cdf.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cdf[mid]! > target) hi = mid
    else lo = mid + 1
  }
  return lo
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder), each at least
 * `min` when the total allows it.
 */
export function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const floor = Math.min(min, Math.floor(total / weights.length))
  const rest = total - floor * weights.length
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (rest * w) / sum)
  const parts = exact.map((x) => Math.floor(x))
  let left = rest - parts.reduce((a, b) => a + b, 0)
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((p, q) => q[0] - p[0] || p[1] - q[1])
  for (let k = 0; left > 0; k++, left--) parts[order[k % order.length]![1]]! += 1
  return parts.map((p) => p + floor)
}
