import { cachedDataVersion, readDataVersion } from '../data/data-version.ts'
import type { Db, PoolOptions } from '../data/db.ts'
import { createResilience, type Resilience } from '../data/resilience.ts'
import { type CacheStore, memoryCacheStore, TenantCache } from '../service/tenant-cache.ts'
import { redisCacheStore } from './cache/redis-store.ts'
import type { Config } from './config.ts'
import type { Logger } from './log.ts'
import type { Metrics } from './metrics.ts'

const CIRCUIT_GAUGE = { closed: 0, open: 1, half_open: 2, isolated: 3 } as const

/**
 * The pg pool from the configuration. Per-connection settings travel in the startup packet
 * (`options`), so every connection has them from its first statement, whoever opened it:
 * a session statement timeout as a backstop (transactions set their own, lower, one), the idle
 * in-transaction timeout, work_mem and JIT.
 */
export function poolOptions(config: Config): PoolOptions {
  const sessionStatementMs = Math.max(config.STATEMENT_TIMEOUT_MS, config.QUERY_TIMEOUT_MS)
  return {
    max: config.POOL_MAX,
    min: Math.min(config.POOL_MIN, config.POOL_MAX),
    connectionTimeoutMillis: config.POOL_ACQUIRE_TIMEOUT_MS,
    idleTimeoutMillis: config.POOL_IDLE_TIMEOUT_MS,
    maxLifetimeSeconds: config.POOL_MAX_LIFETIME_S,
    applicationName: config.DB_APPLICATION_NAME,
    connectionOptions: [
      `-c statement_timeout=${sessionStatementMs}`,
      `-c idle_in_transaction_session_timeout=${config.IDLE_IN_TRANSACTION_TIMEOUT_MS}`,
      `-c work_mem=${config.DB_WORK_MEM}`,
      `-c jit=${config.DB_JIT ? 'on' : 'off'}`,
    ].join(' '),
  }
}

/** Opens `count` connections at once and gives them back: the pool starts warm (POOL_MIN). */
export async function warmPool(db: Db, count: number): Promise<void> {
  const leases = await Promise.all(Array.from({ length: count }, () => db.acquire()))
  for (const lease of leases) lease.release()
}

/** Retries and circuit breaker from the configuration, reporting to metrics and the log. */
export function createDatabaseResilience(config: Config, log: Logger, metrics?: Metrics): Resilience {
  return createResilience(
    {
      maxAttempts: config.DB_RETRY_MAX_ATTEMPTS,
      initialDelayMs: config.DB_RETRY_BASE_DELAY_MS,
      maxDelayMs: config.DB_RETRY_MAX_DELAY_MS,
      budgetMs: config.DB_RETRY_BUDGET_MS,
      breakerThreshold: config.DB_BREAKER_THRESHOLD,
      halfOpenAfterMs: config.DB_BREAKER_HALF_OPEN_MS,
    },
    {
      onRetry: ({ attempt, delayMs, reason }) => {
        metrics?.retries.inc({ reason })
        log.warn({ attempt, delayMs, reason }, 'retrying a database transaction')
      },
      onCircuit: (state) => {
        metrics?.circuitState.set(CIRCUIT_GAUGE[state])
        const level = state === 'open' ? 'error' : 'info'
        log[level]({ circuit: state }, `database circuit ${state.replace('_', '-')}`)
      },
      onRejected: () => metrics?.circuitRejections.inc(),
    },
  )
}

/**
 * The tenant cache of the configuration: Redis when REDIS_URL is set, else in memory; undefined
 * when CACHE_TTL_MS is 0. Its data version is read through the circuit breaker (no retries), at most
 * once a second. Cache trouble is counted and logged at most once every 10 s per kind of failure.
 */
export function createTenantCache(
  config: Config,
  db: Db,
  options: { log: Logger; metrics?: Metrics; resilience?: Resilience },
): TenantCache | undefined {
  if (config.CACHE_TTL_MS === 0) return undefined
  const { log, metrics, resilience } = options
  const warn = rateLimited(10_000)
  let store: CacheStore
  if (config.REDIS_URL) {
    store = redisCacheStore(config.REDIS_URL, {
      timeoutMs: config.REDIS_TIMEOUT_MS,
      onConnectionError: (err) => {
        if (warn('redis-connection'))
          log.warn({ err: err.message }, 'redis unavailable: calls skip the cache')
      },
    })
  } else {
    store = memoryCacheStore(config.CACHE_MAX_BYTES)
  }
  const read = () => readDataVersion(db)
  const version = cachedDataVersion(resilience ? () => resilience.run(read, { retry: false }) : read)
  return new TenantCache(store, {
    ttlMs: config.CACHE_TTL_MS,
    version,
    observer: {
      onLookup: (tool, outcome) => metrics?.cacheLookups.inc({ tool, result: outcome }),
      onError: (operation, err) => {
        metrics?.cacheErrors.inc({ store: store.kind, operation })
        if (warn(`cache-${operation}`)) {
          log.warn(
            { store: store.kind, operation, err: err instanceof Error ? err.message : String(err) },
            'cache unavailable: the call went on without it',
          )
        }
      },
    },
  })
}

/** True at most once per `intervalMs` for each key. */
function rateLimited(intervalMs: number): (key: string) => boolean {
  const last = new Map<string, number>()
  return (key) => {
    const now = performance.now()
    if (now - (last.get(key) ?? Number.NEGATIVE_INFINITY) < intervalMs) return false
    last.set(key, now)
    return true
  }
}
