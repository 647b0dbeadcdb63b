import { LRUCache } from 'lru-cache'
import type { DataTelemetry, QueryEvent } from '../data/telemetry.ts'
import { currentCall } from './call-scope.ts'
import type { Logger } from './log.ts'
import type { Metrics } from './metrics.ts'

export interface QueryMonitorOptions {
  /** A query longer than this is logged as slow and counted (SLOW_QUERY_MS). */
  slowQueryMs: number
  /** Log the plan of slow assistant SQL (EXPLAIN, no ANALYZE), rate-limited. */
  explainSlow: boolean
  /** Shortest gap between two plans captured (default 10 s). */
  explainIntervalMs?: number
  log: Logger
  metrics?: Metrics
  /** Distinct queries tracked; the least recently run is forgotten first (default 500). */
  maxQueries?: number
  /** Runs per query the percentiles are computed over, the most recent (default 1024). */
  window?: number
}

/** Per-query statistics, as the `stats` command and the `stats://zava/queries` resource show them. */
export interface QueryStat {
  /** Typed query name, or `assistant_sql:<hash>` / `unnamed:<hash>`. */
  query: string
  kind: QueryEvent['kind']
  count: number
  errors: number
  slow: number
  p50_ms: number
  p95_ms: number
  max_ms: number
  mean_ms: number
}

export interface QueryStatsSnapshot {
  pid: number
  generated_at: string
  started_at: string
  slow_query_ms: number
  /** Percentiles cover at most this many most recent runs of each query. */
  window: number
  queries: QueryStat[]
}

class Series {
  count = 0
  errors = 0
  slow = 0
  max = 0
  total = 0
  readonly recent: Float64Array
  #next = 0

  constructor(
    readonly kind: QueryEvent['kind'],
    window: number,
  ) {
    this.recent = new Float64Array(window)
  }

  add(ms: number, ok: boolean, slow: boolean) {
    this.count++
    if (!ok) this.errors++
    if (slow) this.slow++
    this.total += ms
    if (ms > this.max) this.max = ms
    this.recent[this.#next % this.recent.length] = ms
    this.#next++
  }

  percentiles(): { p50: number; p95: number } {
    const n = Math.min(this.#next, this.recent.length)
    if (n === 0) return { p50: 0, p95: 0 }
    const sorted = Array.from(this.recent.subarray(0, n)).sort((a, b) => a - b)
    const at = (q: number) => sorted[Math.min(n - 1, Math.ceil(q * n) - 1)]!
    return { p50: at(0.5), p95: at(0.95) }
  }
}

/**
 * The slow-query monitor: every query the data layer runs (typed or assistant-written) is timed
 * here. Feeds the query metrics, keeps bounded per-query statistics (count, p50, p95, max, slow
 * count) and logs queries over the threshold with their name or hash, duration, tenant kind and
 * row count, never their text beyond a short prefix for assistant SQL, never their values.
 * Optionally logs the plan of slow assistant SQL, at most one every `explainIntervalMs` and once
 * per distinct query per hour.
 */
export class QueryMonitor implements DataTelemetry {
  readonly #series: LRUCache<string, Series>
  readonly #window: number
  readonly #startedAt = new Date().toISOString()
  readonly #explained = new LRUCache<string, true>({ max: 1_000, ttl: 3_600_000 })
  #lastExplainAt = Number.NEGATIVE_INFINITY
  #events = 0

  constructor(private readonly options: QueryMonitorOptions) {
    this.#window = options.window ?? 1_024
    this.#series = new LRUCache({ max: options.maxQueries ?? 500 })
  }

  get slowQueryMs(): number {
    return this.options.slowQueryMs
  }

  /** Queries seen so far: tells a periodic writer whether anything changed. */
  get eventCount(): number {
    return this.#events
  }

  onQuery(event: QueryEvent, explain?: () => Promise<string>): void {
    this.#events++
    const key = event.kind === 'typed' ? event.name : `${event.name}:${event.sqlHash}`
    let series = this.#series.get(key)
    if (!series) {
      series = new Series(event.kind, this.#window)
      this.#series.set(key, series)
    }
    const slow = event.durationMs > this.options.slowQueryMs
    series.add(event.durationMs, event.ok, slow)
    const metrics = this.options.metrics
    metrics?.queryDuration.observe(
      { query: event.name, outcome: event.ok ? 'ok' : 'error' },
      event.durationMs / 1000,
    )
    if (!slow) return
    metrics?.slowQueries.inc({ query: event.name })
    const call = currentCall()
    const fields = {
      query: event.name,
      ...(event.sqlHash ? { sqlHash: event.sqlHash } : {}),
      ...(event.sqlPrefix ? { sqlPrefix: event.sqlPrefix } : {}),
      durationMs: Math.round(event.durationMs),
      thresholdMs: this.options.slowQueryMs,
      callerKind: event.callerKind,
      rows: event.rows,
      ok: event.ok,
      ...(event.sqlState ? { sqlState: event.sqlState } : {}),
      ...(call ? { requestId: call.requestId, tool: call.tool } : {}),
    }
    this.options.log.warn(fields, 'slow query')
    if (explain && event.sqlHash && this.#mayExplain(event.sqlHash)) {
      explain().then(
        (plan) => this.options.log.warn({ ...fields, plan }, 'slow query plan'),
        (err: unknown) =>
          this.options.log.debug(
            { query: event.name, sqlHash: event.sqlHash, err: String(err) },
            'could not capture the plan of a slow query',
          ),
      )
    }
  }

  /** Statistics of every tracked query, busiest first. */
  snapshot(): QueryStatsSnapshot {
    const queries: QueryStat[] = []
    for (const [query, s] of this.#series.entries()) {
      const { p50, p95 } = s.percentiles()
      queries.push({
        query,
        kind: s.kind,
        count: s.count,
        errors: s.errors,
        slow: s.slow,
        p50_ms: round(p50),
        p95_ms: round(p95),
        max_ms: round(s.max),
        mean_ms: round(s.count ? s.total / s.count : 0),
      })
    }
    queries.sort((a, b) => b.count - a.count || a.query.localeCompare(b.query))
    return {
      pid: process.pid,
      generated_at: new Date().toISOString(),
      started_at: this.#startedAt,
      slow_query_ms: this.options.slowQueryMs,
      window: this.#window,
      queries,
    }
  }

  #mayExplain(sqlHash: string): boolean {
    if (!this.options.explainSlow || this.#explained.has(sqlHash)) return false
    const now = performance.now()
    if (now - this.#lastExplainAt < (this.options.explainIntervalMs ?? 10_000)) return false
    this.#lastExplainAt = now
    this.#explained.set(sqlHash, true)
    return true
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10
