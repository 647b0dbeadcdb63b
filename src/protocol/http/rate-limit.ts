export type RateDecision = { ok: true } | { ok: false; retryAfterS: number }

/**
 * A token bucket per key (identity), in memory: `burst` requests at once, refilled at
 * `perMinute`. One process only; a shared store (Redis) would replace the map, not the maths.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>()
  readonly #perMs: number

  constructor(
    readonly perMinute: number,
    readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {
    this.#perMs = perMinute / 60_000
  }

  get enabled(): boolean {
    return this.perMinute > 0
  }

  take(key: string): RateDecision {
    if (!this.enabled) return { ok: true }
    const now = this.now()
    const bucket = this.#buckets.get(key) ?? { tokens: this.burst, at: now }
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.#perMs)
    bucket.at = now
    if (!this.#buckets.has(key)) {
      if (this.#buckets.size >= this.maxKeys) this.#prune(now)
      this.#buckets.set(key, bucket)
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return { ok: true }
    }
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs / 1000)) }
  }

  /** Forgets buckets that have refilled: they behave exactly like absent ones. */
  #prune(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * this.#perMs >= this.burst) this.#buckets.delete(key)
    }
  }
}
