import { createHash } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import type { Caller } from '../data/with-tenant.ts'
import { currentCall } from '../infra/call-scope.ts'

/** Where cached answers live: this process's memory, or Redis shared by every replica. */
export interface CacheStore {
  readonly kind: 'memory' | 'redis'
  /** Undefined when absent; throws when the store cannot answer (down, too slow). */
  get(key: string): Promise<string | undefined>
  set(key: string, value: string, ttlMs: number): Promise<void>
  close(): Promise<void>
}

export type CacheOutcome = 'hit' | 'miss' | 'bypass'

export interface CacheObserver {
  onLookup?(tool: string, outcome: CacheOutcome): void
  /** The store or the data version could not be read or written: the call went on without the cache. */
  onError?(operation: 'version' | 'get' | 'set', err: unknown): void
}

export interface TenantCacheOptions {
  /** How long an answer may be reused, unless a call says otherwise. */
  ttlMs: number
  /** The data version (`zava_meta.data_version`), read cheaply (remembered about a second). */
  version: () => Promise<string>
  observer?: CacheObserver
  /** Longest the data version may take before the call skips the cache (default 250 ms). */
  versionTimeoutMs?: number
}

/**
 * Answers safe to reuse, scoped to what the caller may see. The key holds, besides the tool and its
 * normalised arguments, the caller's kind and a hash of the sorted set of stores the database
 * resolved for it (never the id it claims), and the data version: two callers share an entry only
 * when the database would show them the same rows, and a data change (migrate, seed, embed) makes
 * every entry unreachable. The cache never fails a call: when the store or the version cannot be
 * read, the call is answered from the database (a bypass, counted and logged by the observer).
 */
export class TenantCache {
  constructor(
    readonly store: CacheStore,
    private readonly options: TenantCacheOptions,
  ) {}

  /**
   * The cached answer of `tool` with `args` for `caller`, or `load()`'s, then cached. Errors of
   * `load` are never cached.
   *
   * @example cache.getOrLoad(caller, 'get_store_performance', { store, from, to }, () => compute())
   */
  async getOrLoad<T>(
    caller: Caller,
    tool: string,
    args: unknown,
    load: () => Promise<T>,
    ttlMs = this.options.ttlMs,
  ): Promise<T> {
    let key: string
    try {
      key = tenantCacheKey(caller, tool, args, await this.#version())
    } catch (err) {
      return this.#bypass(tool, 'version', err, load)
    }
    let hit: string | undefined
    try {
      hit = await this.store.get(key)
    } catch (err) {
      return this.#bypass(tool, 'get', err, load)
    }
    if (hit !== undefined) {
      this.#outcome(tool, 'hit')
      return JSON.parse(hit) as T
    }
    this.#outcome(tool, 'miss')
    const value = await load()
    // Not awaited: a slow store must not delay the answer; a failed write only costs a later miss.
    this.store
      .set(key, JSON.stringify(value), ttlMs)
      .catch((err) => this.options.observer?.onError?.('set', err))
    return value
  }

  close(): Promise<void> {
    return this.store.close()
  }

  #version(): Promise<string> {
    const timeoutMs = this.options.versionTimeoutMs ?? 250
    let timer: ReturnType<typeof setTimeout> | undefined
    return Promise.race([
      this.options.version(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`data version took over ${timeoutMs} ms`)), timeoutMs)
      }),
    ]).finally(() => clearTimeout(timer))
  }

  #bypass<T>(tool: string, operation: 'version' | 'get', err: unknown, load: () => Promise<T>): Promise<T> {
    this.options.observer?.onError?.(operation, err)
    this.#outcome(tool, 'bypass')
    return load()
  }

  #outcome(tool: string, outcome: CacheOutcome) {
    const call = currentCall()
    if (call) call.cache = outcome
    this.options.observer?.onLookup?.(tool, outcome)
  }
}

/**
 * `zava:<data version>:<tool>:<visibility>:<arguments hash>`. Exported for tests: keys of callers
 * who see different stores always differ.
 */
export function tenantCacheKey(caller: Caller, tool: string, args: unknown, version: string): string {
  return `zava:${version}:${tool}:${visibilityKey(caller)}:${hash(canonicalJson(args ?? null))}`
}

/** What decides the rows a caller sees under RLS: its kind (role) and its resolved store set. */
export function visibilityKey(caller: Pick<Caller, 'kind' | 'storeIds'>): string {
  const stores = [...caller.storeIds].map((id) => id.toLowerCase()).sort()
  return hash(`${caller.kind}\n${stores.join(',')}`)
}

/** JSON with object keys sorted at every level, so equal arguments give equal keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  )
}

/** The in-process store: an LRU bounded by the size of what it holds. */
export function memoryCacheStore(maxBytes = 32 * 1024 * 1024): CacheStore {
  const lru = new LRUCache<string, string>({
    maxSize: maxBytes,
    // UTF-16 in memory: two bytes a character, key included.
    sizeCalculation: (value, key) => 2 * (value.length + key.length) || 1,
  })
  return {
    kind: 'memory',
    get: async (key) => lru.get(key),
    set: async (key, value, ttlMs) => {
      if (2 * (value.length + key.length) <= maxBytes) lru.set(key, value, { ttl: ttlMs })
    },
    close: async () => lru.clear(),
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 32)
}
