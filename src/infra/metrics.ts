import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { PoolStats } from '../data/db.ts'

/** Seconds: from a cached answer (sub-millisecond) to a statement timeout (tens of seconds). */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

/**
 * The server's Prometheus metrics, in a registry of its own (not prom-client's global one, so
 * tests and several servers in one process do not collide). Every label has a bounded set of
 * values: tool names, typed query names, error codes, guard reasons, never ids or SQL.
 */
export class Metrics {
  readonly registry = new Registry()

  readonly toolCalls = new Counter({
    name: 'zava_tool_calls_total',
    help: 'Tool calls by tool and outcome (ok or error).',
    labelNames: ['tool', 'outcome'] as const,
    registers: [this.registry],
  })
  readonly toolErrors = new Counter({
    name: 'zava_tool_errors_total',
    help: 'Failed tool calls by tool and error code.',
    labelNames: ['tool', 'code'] as const,
    registers: [this.registry],
  })
  readonly toolDuration = new Histogram({
    name: 'zava_tool_duration_seconds',
    help: 'Tool call duration, from arguments to result.',
    labelNames: ['tool'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  })
  readonly queryDuration = new Histogram({
    name: 'zava_db_query_duration_seconds',
    help: 'Database query duration by typed query name (assistant_sql: assistant-written SQL).',
    labelNames: ['query', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  })
  readonly slowQueries = new Counter({
    name: 'zava_db_slow_queries_total',
    help: 'Queries that ran longer than SLOW_QUERY_MS, by query name.',
    labelNames: ['query'] as const,
    registers: [this.registry],
  })
  readonly retries = new Counter({
    name: 'zava_db_retries_total',
    help: 'Transactions run again after a transient failure, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })
  readonly circuitState = new Gauge({
    name: 'zava_db_circuit_state',
    help: 'Database circuit breaker: 0 closed, 1 open, 2 half-open, 3 isolated.',
    registers: [this.registry],
  })
  readonly circuitRejections = new Counter({
    name: 'zava_db_circuit_rejections_total',
    help: 'Calls failed at once because the database circuit was open.',
    registers: [this.registry],
  })
  readonly cacheLookups = new Counter({
    name: 'zava_cache_lookups_total',
    help: 'Tenant cache lookups by tool and result (hit, miss, bypass).',
    labelNames: ['tool', 'result'] as const,
    registers: [this.registry],
  })
  readonly cacheErrors = new Counter({
    name: 'zava_cache_errors_total',
    help: 'Tenant cache store or data-version failures (the call went on without the cache).',
    labelNames: ['store', 'operation'] as const,
    registers: [this.registry],
  })
  readonly guardRejections = new Counter({
    name: 'zava_sql_guard_rejections_total',
    help: 'Assistant SQL refused by the SQL guard, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })
  readonly poolConnections = new Gauge({
    name: 'zava_db_pool_connections',
    help: 'Database connections: total open, idle, and callers waiting for one.',
    labelNames: ['state'] as const,
    registers: [this.registry],
    collect: () => this.#collectPool(),
  })
  readonly startTime = new Gauge({
    name: 'zava_process_start_time_seconds',
    help: 'Start time of the process since the Unix epoch, in seconds.',
    registers: [this.registry],
  })
  readonly residentMemory = new Gauge({
    name: 'zava_process_resident_memory_bytes',
    help: 'Resident memory of the process, in bytes.',
    registers: [this.registry],
    collect(this: Gauge) {
      this.set(process.memoryUsage.rss())
    },
  })

  #pool?: () => PoolStats | undefined

  constructor() {
    this.startTime.set(Math.round(Date.now() / 1000 - process.uptime()))
    this.circuitState.set(0)
  }

  /** Where the pool gauges read from (the database opens after the metrics). */
  watchPool(stats: () => PoolStats | undefined): void {
    this.#pool = stats
  }

  /** The exposition text (Prometheus text format 0.0.4). */
  text(): Promise<string> {
    return this.registry.metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }

  #collectPool() {
    const stats = this.#pool?.()
    if (!stats) return
    this.poolConnections.set({ state: 'total' }, stats.total)
    this.poolConnections.set({ state: 'idle' }, stats.idle)
    this.poolConnections.set({ state: 'waiting' }, stats.waiting)
  }
}

/**
 * A fetch-style handler serving the metrics: mount it at `/metrics` on the HTTP app
 * (`app.get('/metrics', (c) => metricsHandler(metrics)(c.req.raw))`) or use the stdio metrics port.
 */
export function metricsHandler(metrics: Metrics): (request: Request) => Promise<Response> {
  return async () =>
    new Response(await metrics.text(), {
      headers: { 'content-type': metrics.contentType, 'cache-control': 'no-store' },
    })
}
