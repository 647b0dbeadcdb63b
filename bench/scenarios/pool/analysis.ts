import type { Spread } from '../../lib/stats.ts'

/** One cell of the grid: a pool size under a client concurrency, medians over the windows. */
export interface PoolCell {
  pool: number
  concurrency: number
  throughput: Spread
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
  /** Smallest pool within tolerance of the best throughput whose p99 meets the target */
  recommended: number | null
  /** Why not, when no pool qualifies */
  reason: string | null
  /** Which limit each pool size hit at this concurrency */
  limits: { pool: number; limit: Limit }[]
}

export type Limit = 'pool' | 'database-cpu' | 'machine-cpu' | 'server-process' | 'clients'

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
    const asGood = row.filter((c) => c.throughput.median >= (1 - criteria.tolerance) * best.throughput.median)
    const ok = asGood.filter((c) => c.p99Ms.median <= criteria.targetP99Ms && c.errorRate <= criteria.maxErrorRate)
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
 * What limited a cell: callers queueing for a connection (pool) while CPUs have room; the database's
 * CPU (its backends busy on the cores, or the whole machine full); the server process's single JS thread;
 * or neither (few clients: each waits only for its own calls).
 */
export function limitOf(cell: PoolCell, cores: number | null): Limit {
  const machineFull = cores !== null && cell.cpuMachine.median >= 0.85 * cores
  if (cell.waitShare >= 0.2 && !machineFull) return 'pool'
  if (cell.cpuBench.median >= 0.9) return 'server-process'
  if (machineFull) {
    const pg = cell.cpuPostgres?.median ?? cell.cpuMachine.median - cell.cpuBench.median
    return pg >= cell.cpuBench.median ? 'database-cpu' : 'machine-cpu'
  }
  if (cell.waitShare >= 0.2) return 'pool'
  return 'clients'
}

function explain(cells: PoolCell[], per: PerConcurrency[], criteria: PoolCriteria): string[] {
  const lines: string[] = []
  const top = per.at(-1)
  if (!top) return lines
  const row = cells.filter((c) => c.concurrency === top.concurrency).sort((a, b) => a.pool - b.pool)
  const poolBound = row.filter((c) => limitOf(c, criteria.cores) === 'pool')
  const cpuBound = row.filter((c) => ['database-cpu', 'machine-cpu'].includes(limitOf(c, criteria.cores)))
  if (poolBound.length) {
    const last = poolBound.at(-1)!
    lines.push(
      `At ${top.concurrency} concurrent callers, pools up to ${last.pool} are the bottleneck: calls spend ${Math.round(last.waitShare * 100)} % of their time waiting for a connection (mean ${last.waitMeanMs.median} ms) while the machine is ${pct(last.cpuMachine.median, criteria.cores)} busy.`,
    )
  }
  if (cpuBound.length) {
    const first = cpuBound[0]!
    const pg = first.cpuPostgres ? `PostgreSQL ${first.cpuPostgres.median} cores, ` : ''
    lines.push(
      `From pool ${first.pool} the CPUs are the limit (${pct(first.cpuMachine.median, criteria.cores)} busy: ${pg}server process ${first.cpuBench.median} cores, other work ${first.cpuOther.median} cores); a larger pool only moves the queue from the pool into PostgreSQL, where waiting callers compete for the same cores (wait share ${Math.round(first.waitShare * 100)} %, ${first.dbActiveOnCpu.median.toFixed(1)} connections on CPU on average).`,
    )
  }
  const bench = row.filter((c) => limitOf(c, criteria.cores) === 'server-process')
  if (bench.length) {
    lines.push(
      `With pool ${bench.map((c) => c.pool).join(', ')} the server process itself (MCP, validation, JSON) keeps one core busy: the Node/Bun event loop, not the database, caps throughput there.`,
    )
  }
  const worst = row.at(-1)!
  if (worst.dbIdleInTransaction.median >= 0.5) {
    lines.push(
      `Connections spend time idle in transaction (${worst.dbIdleInTransaction.median.toFixed(1)} on average with pool ${worst.pool}): between the statements of one tool call the connection waits for the application, which is why a pool somewhat larger than the core count still helps.`,
    )
  }
  return lines
}

const pct = (cores: number, total: number | null) => (total ? `${Math.round((100 * cores) / total)} %` : `${cores} cores`)
