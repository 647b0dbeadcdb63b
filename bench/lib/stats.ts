/** A figure measured over several repetitions: its median and how far the repetitions spread. */
export interface Spread {
  median: number
  min: number
  max: number
  /** (max − min) / median: 0.1 means the repetitions were within 10 % of each other. */
  relSpread: number
  n: number
}

export function spreadOf(values: number[]): Spread {
  const finite = values.filter(Number.isFinite)
  if (finite.length === 0) return { median: 0, min: 0, max: 0, relSpread: 0, n: 0 }
  const median = medianOf(finite)
  const min = Math.min(...finite)
  const max = Math.max(...finite)
  return {
    median: round(median),
    min: round(min),
    max: round(max),
    relSpread: median === 0 ? 0 : round((max - min) / Math.abs(median), 3),
    n: finite.length,
  }
}

export function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function mean(values: number[]): number {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : 0
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/** A small deterministic PRNG (mulberry32): the same workload seed gives the same call sequence. */
export function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/** Picks an index with probability proportional to its weight. */
export function pickWeighted(weights: readonly number[], random: () => number): number {
  const total = weights.reduce((sum, w) => sum + w, 0)
  let r = random() * total
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!
    if (r < 0) return i
  }
  return weights.length - 1
}
