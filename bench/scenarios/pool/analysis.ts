import type { Spread } from '../../lib/stats.ts'

/** One cell of the grid: a pool size under a client concurrency, medians over the windows. */
export interface PoolCell {
  pool: number
  concurrency: number
  throughput: Spread
  /** Throughput of each pass, in pass order (absent: not recorded) */
  passThroughput?: number[]
  p50Ms: Spread
  p95Ms: Spread
  p99Ms: Spread
  meanMs: Spread
  calls: number
  errorRate: number
  errors: Record<string, number>
  /** Mean time waiting for a connection, and its share of the mean call latency */
  waitMeanMs: Spread
  waitP99Ms: Spread
  waitShare: number
  /** Mean time a connection is held per transaction */
  holdMeanMs: Spread
  poolInUse: Spread
  poolWaiting: Spread
  /** pg_stat_activity, mean connections per state */
  dbActiveOnCpu: Spread
  dbActiveWaiting: Spread
  dbIdleInTransaction: Spread
  dbMaxActive: number
  /** CPU used, in cores */
  cpuMachine: Spread
  cpuBench: Spread
  cpuPostgres: Spread | null
  cpuOther: Spread
}

export interface PoolCriteria {
  targetP99Ms: number
  /** Throughput within this fraction of the best counts as "as good" */
  tolerance: number
  /** Largest acceptable share of failed calls */
  maxErrorRate: number
  cores: number | null
  effectiveSpindles: number
}

export interface PerConcurrency {
  concurrency: number
  bestThroughput: number
  bestPool: number
  /** Each pool's throughput relative to the best pool's, paired by pass (median of per-pass ratios) */
  relative: { pool: number; ratio: number }[]
  /** Smallest pool within tolerance of the best throughput whose p99 meets the target */
  recommended: number | null
  /** Why not, when no pool qualifies */
  reason: string | null
  /** Which limit each pool size hit at this concurrency */
  limits: { pool: number; limit: Limit }[]
}

export type Limit = 'pool' | 'database-cpu' | 'server-process' | 'clients'

export interface PoolRecommendation {
  pool: number | null
  /** Concurrency levels whose recommendation decided it (the largest pool needed) */
  decidedBy: number[]
  perConcurrency: PerConcurrency[]
  ruleOfThumb: number | null
  reference: number
  explanation: string[]
}

/** The reference implementation's pool size (zava-mcp's default POOL_MAX). */
export const REFERENCE_POOL = 10

/**
 * Per concurrency level: the smallest pool within `tolerance` of the best throughput whose p99 meets
 * the target and whose error rate is acceptable. Overall: the largest of those (a pool that serves
 * every measured level that can be served); levels no pool can serve are reported, not averaged in.
 */
export function recommendPool(cells: PoolCell[], criteria: PoolCriteria): PoolRecommendation {
  const levels = [...new Set(cells.map((c) => c.concurrency))].sort((a, b) => a - b)
  const perConcurrency = levels.map((concurrency) => {
    const row = cells.filter((c) => c.concurrency === concurrency).sort((a, b) => a.pool - b.pool)
    const best = row.reduce((a, b) => (b.throughput.median > a.throughput.median ? b : a))
    const relative = row.map((c) => ({ pool: c.pool, ratio: relativeThroughput(c, best) }))
    const asGood = row.filter((c) => relativeThroughput(c, best) >= 1 - criteria.tolerance)
    const ok = asGood.filter(
      (c) => c.p99Ms.median <= criteria.targetP99Ms && c.errorRate <= criteria.maxErrorRate,
    )
    const recommended = ok[0]?.pool ?? null
    let reason: string | null = null
    if (recommended === null) {
      const fastest = row.reduce((a, b) => (b.p99Ms.median < a.p99Ms.median ? b : a))
      reason =
        fastest.p99Ms.median > criteria.targetP99Ms
          ? `no pool size meets p99 ≤ ${criteria.targetP99Ms} ms (best p99 ${fastest.p99Ms.median} ms with pool ${fastest.pool}): more clients than the database can serve at that latency`
          : `the pools that meet p99 ≤ ${criteria.targetP99Ms} ms are more than ${Math.round(criteria.tolerance * 100)} % below the best throughput, or fail calls`
    }
    return {
      concurrency,
      bestThroughput: best.throughput.median,
      bestPool: best.pool,
      relative,
      recommended,
      reason,
      limits: row.map((cell) => ({ pool: cell.pool, limit: limitOf(cell, criteria.cores) })),
    }
  })
  const feasible = perConcurrency.filter((p) => p.recommended !== null)
  const pool = feasible.length ? Math.max(...feasible.map((p) => p.recommended!)) : null
  const decidedBy = feasible.filter((p) => p.recommended === pool).map((p) => p.concurrency)
  const ruleOfThumb = criteria.cores === null ? null : criteria.cores * 2 + criteria.effectiveSpindles
  return {
    pool,
    decidedBy,
    perConcurrency,
    ruleOfThumb,
    reference: REFERENCE_POOL,
    explanation: explain(cells, perConcurrency, criteria),
  }
}

/**
 * A cell's throughput relative to the best cell of its row, paired by pass: each pass measured every
 * pool size on the same call sequences within a minute or so, so the ratio of two cells in one pass
 * cancels most of what other work on the machine did to both; the median over passes is taken.
 * Without per-pass figures, the ratio of the medians.
 */
export function relativeThroughput(cell: PoolCell, best: PoolCell): number {
  const a = cell.passThroughput
  const b = best.passThroughput
  if (cell === best) return 1
  if (!a || !b || a.length !== b.length || a.length === 0) {
    return best.throughput.median > 0 ? cell.throughput.median / best.throughput.median : 1
  }
  const ratios = a.map((t, i) => (b[i]! > 0 ? t / b[i]! : 1)).sort((x, y) => x - y)
  const mid = Math.floor(ratios.length / 2)
  return ratios.length % 2 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2
}

/**
 * What limited a cell, from the database's and the pool's own signals (on a shared machine other work
 * fills whatever CPU the bench leaves idle, so "the machine is busy" says nothing):
 * - pool: callers queue for a connection (≥ 20 % of call time) while fewer backends run than there are
 *   cores: more connections would add throughput;
 * - database-cpu: on average at least as many backends are running (active, no wait event) as the
 *   database server has cores: more connections only lengthen the run queue;
 * - server-process: the MCP server's process keeps a core busy (its event loop is the limit);
 * - clients: none of these; throughput follows the number of callers.
 */
export function limitOf(cell: PoolCell, cores: number | null): Limit {
  const running = cell.dbActiveOnCpu.median
  const cpuFull = cores !== null && running >= 0.9 * cores
  if (cell.waitShare >= 0.2 && !cpuFull) return 'pool'
  if (cpuFull) return 'database-cpu'
  if (cell.cpuBench.median >= 0.9) return 'server-process'
  if (cell.waitShare >= 0.2) return 'pool'
  return 'clients'
}

function explain(cells: PoolCell[], per: PerConcurrency[], criteria: PoolCriteria): string[] {
  const lines: string[] = []
  const top = per.at(-1)
  if (!top) return lines
  const row = cells.filter((c) => c.concurrency === top.concurrency).sort((a, b) => a.pool - b.pool)
  const poolBound = row.filter((c) => limitOf(c, criteria.cores) === 'pool')
  const cpuBound = row.filter((c) => limitOf(c, criteria.cores) === 'database-cpu')
  const cores = criteria.cores === null ? 'the (unknown) number of cores' : `${criteria.cores} cores`
  if (poolBound.length) {
    const last = poolBound.at(-1)!
    lines.push(
      `At ${top.concurrency} concurrent callers, pools up to ${last.pool} are the bottleneck: calls spend ${Math.round(last.waitShare * 100)} % of their time waiting for a connection (mean ${last.waitMeanMs.median} ms per transaction) while only ${last.dbActiveOnCpu.median.toFixed(1)} backends are running on average, fewer than ${cores}: more connections add throughput.`,
    )
  }
  if (cpuBound.length) {
    const first = cpuBound[0]!
    lines.push(
      `From pool ${first.pool}, ${first.dbActiveOnCpu.median.toFixed(1)} backends are running on average, as many as ${cores} or more: the database's CPU is the limit and a larger pool only moves the queue from the pool into PostgreSQL's run queue (pool wait share ${Math.round(first.waitShare * 100)} %; PostgreSQL used ${first.cpuPostgres?.median ?? '?'} cores, the server process ${first.cpuBench.median}, other work on the machine ${first.cpuOther.median}).`,
    )
  }
  const bench = row.filter((c) => limitOf(c, criteria.cores) === 'server-process')
  if (bench.length) {
    lines.push(
      `With pool ${bench.map((c) => c.pool).join(', ')} the server process itself (MCP, validation, JSON) keeps a core busy: its event loop, not the database, caps throughput there.`,
    )
  }
  const widest = row.at(-1)!
  if (widest.dbIdleInTransaction.median >= 0.5) {
    lines.push(
      `Connections also sit idle in transaction (${widest.dbIdleInTransaction.median.toFixed(1)} on average with pool ${widest.pool}): between the statements of one tool call a connection waits for the application, which is why a pool somewhat larger than the core count can still help.`,
    )
  }
  return lines
}
