import type { Caller } from '../../data/with-tenant.ts'
import { AuthenticationError } from '../../errors.ts'

interface Entry {
  value: Promise<Caller | null>
  expiresAt: number
}

/**
 * Resolved callers by RLS user id for a short time, so a busy identity costs one database
 * round trip per TTL instead of one per request. Concurrent misses share one lookup; an unknown
 * user is remembered too (null), a failed lookup is not. A changed store assignment is seen
 * within one TTL.
 */
export class CallerCache {
  readonly #entries = new Map<string, Entry>()

  constructor(
    private readonly resolve: (rlsUserId: string) => Promise<Caller>,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The caller, or null when the database knows no such user. */
  get(rlsUserId: string): Promise<Caller | null> {
    const now = this.now()
    const cached = this.#entries.get(rlsUserId)
    if (cached && cached.expiresAt > now) return cached.value
    if (this.#entries.size >= this.maxEntries) this.#evict(now)
    const value = this.resolve(rlsUserId).then(
      (caller) => caller,
      (err: unknown) => {
        if (err instanceof AuthenticationError) return null
        this.#entries.delete(rlsUserId)
        throw err
      },
    )
    this.#entries.set(rlsUserId, { value, expiresAt: now + this.ttlMs })
    return value
  }

  get size(): number {
    return this.#entries.size
  }

  #evict(now: number): void {
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key)
    // Still full of live entries: drop the oldest (Map iterates in insertion order).
    while (this.#entries.size >= this.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!)
    }
  }
}
