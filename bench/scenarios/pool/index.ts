import pg from 'pg'
import { pick } from '../../lib/cli.ts'
import { datasetInfo, type ScenarioContext } from '../../lib/context.ts'
import { encodeHistogram, merged, summarize } from '../../lib/histogram.ts'
import { type CallWindow, ClosedLoopDriver } from '../../lib/load/closed-loop.ts'
import { ActivitySampler, CpuSampler } from '../../lib/load/samplers.ts'
import type { ScenarioResult } from '../../lib/report/types.ts'
import { table } from '../../lib/report/write.ts'
import { APP_NAME, benchConfig, buildStack } from '../../lib/stack/server-stack.ts'
import { mean, round, spreadOf } from '../../lib/stats.ts'
import { CallGenerator, loadWorkload } from '../../workload/generator.ts'
import { type PoolCell, type PoolRecommendation, recommendPool } from './analysis.ts'
import { poolPlots } from './plots.ts'

type Meters = {
  pool: import('../../lib/stack/instrumented-db.ts').PoolProbe
  activity: ActivitySampler
  cpu: CpuSampler
}

/**
 * Closed-loop load of a workload through the real stack for every pool size × concurrency cell,
 * measured in repeated windows after a warm-up; recommends the smallest pool within tolerance of
 * the best throughput that meets the p99 target.
 */
export async function runPool(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { options: o, progress } = ctx
  const pools = pick(o.pools, o.profile, {
    full: [1, 2, 4, 8, 16, 32],
    quick: [1, 2, 4, 8, 16],
    smoke: [1, 4],
  })
  const levels = pick(o.concurrency, o.profile, { full: [1, 4, 16, 64], quick: [4, 16, 64], smoke: [2] })
  const warmupS = pick(o.warmupS, o.profile, { full: 1, quick: 0.3, smoke: 0.2 })
  const warmupCapS = pick(undefined, o.profile, { full: 8, quick: 1.5, smoke: 1 })
  const windowS = pick(o.windowS, o.profile, { full: 4, quick: 1.5, smoke: 0.5 })
  const reps = pick(o.reps, o.profile, { full: 5, quick: 3, smoke: 2 })
  const scale = o.scale ?? pick(undefined, o.profile, { full: 1, quick: 1, smoke: 0.02 })
  const loaded = await loadWorkload(o.workload)
  const { workload } = loaded
  const targetP99Ms = o.targetP99Ms ?? workload.targets.p99Ms
  const server = await ctx.server()
  const dataset = await ctx.dataset(scale)
  ctx.datasetsUsed.push(datasetInfo(dataset))

  const activity = new ActivitySampler(dataset.adminUrl, APP_NAME)
  await activity.open()
  const cpu = new CpuSampler(server.postmasterPid)
  const ioBefore = await blockCounters(dataset.adminUrl)
  const windowsByCell = new Map<string, CallWindow<Meters>[]>()
  /** Visits measured before every caller had completed a call on the new pool (warm-up cap reached) */
  const cutShort: string[] = []
  const key = (pool: number, concurrency: number) => `${pool}x${concurrency}`
  const ascending = [...levels].sort((a, b) => a - b)
  progress.begin(
    reps * pools.length * levels.length,
    `pool: ${pools.length} pool sizes × ${levels.length} concurrency levels × ${reps} passes, ${workload.name} workload, scale ${scale}`,
  )
  const stack = await buildStack({
    appUrl: dataset.appUrl,
    adminUrl: dataset.adminUrl,
    signer: dataset.signer,
    poolMax: pools[0]!,
    today: dataset.today,
    transport: o.transport,
  })
  try {
    const missing = [...new Set(workload.mix.map((m) => m.tool))].filter((t) => !stack.tools.includes(t))
    if (missing.length)
      throw new Error(
        `workload ${workload.name} calls tools this server does not list: ${missing.join(', ')}`,
      )
    // Repetitions are passes over the whole grid, so a burst of other work on the machine lands on
    // different cells instead of on every window of one cell. Within a pass the callers keep running
    // and the pool is swapped under them, one concurrency level after another, largest pool first: the
    // replaced pool then has no long queue to drain (its waiters would hit its connection timeout).
    for (let pass = 0; pass < reps; pass++) {
      // Common random numbers: every window of a pass starts each caller on the same call sequence,
      // whatever the pool size, so pool sizes are compared on the same work.
      let generators: CallGenerator[] = []
      const reset = () => {
        generators = Array.from(
          { length: Math.max(...levels) },
          (_, w) =>
            new CallGenerator(
              loaded,
              stack.population,
              dataset.today,
              workload.seed * 100_000 + pass * 1000 + w,
            ),
        )
      }
      reset()
      const driver = new ClosedLoopDriver(
        (w) => generators[w]!.next(),
        (planned) => stack.call(planned),
        {
          thinkTimeMs: workload.thinkTimeMs,
        },
      )
      try {
        for (const concurrency of ascending) {
          driver.setConcurrency(concurrency)
          for (const pool of [...pools].sort((a, b) => b - a)) {
            const label = `pass ${pass + 1}/${reps}: pool ${pool}, ${concurrency} callers`
            await stack.resizePool(pool)
            progress.within(0, `${label} (warming up)`)
            // One warm-up budget: the replaced pool drains, then every caller completes a call on the new one.
            const warmStart = performance.now()
            await Promise.race([stack.settled(), Bun.sleep(warmupCapS * 1000)])
            const spent = performance.now() - warmStart
            const warm = await driver.warmUp(
              Math.max(0, warmupS * 1000 - spent),
              Math.max(0, warmupCapS * 1000 - spent),
            )
            if (!warm.complete) cutShort.push(key(pool, concurrency))
            reset()
            const window = await driver.measure(
              windowS * 1000,
              { pool: stack.probe, activity, cpu },
              (done) => progress.within(done, label),
            )
            const list = windowsByCell.get(key(pool, concurrency)) ?? []
            list.push(window)
            windowsByCell.set(key(pool, concurrency), list)
            const p99 = window.latency.totalCount
              ? Math.round(window.latency.getValueAtPercentile(99) / 1000)
              : 0
            progress.stepDone(
              `${label}: ${round(window.throughput, 1)} calls/s, p99 ${p99} ms, CPU: PostgreSQL ${window.meters.cpu.postgres ?? '?'}, server ${window.meters.cpu.benchProcess}, other work ${window.meters.cpu.other} cores`,
            )
          }
        }
      } finally {
        await driver.stop()
      }
    }
  } finally {
    await stack.close()
    await activity.close()
  }
  const cells: PoolCell[] = []
  const histograms: Record<string, string> = {}
  const byLabel: Record<string, Record<string, ReturnType<typeof summarize>>> = {}
  for (const pool of pools) {
    for (const concurrency of levels) {
      const windows = windowsByCell.get(key(pool, concurrency)) ?? []
      cells.push(summarizeCell(pool, concurrency, windows))
      histograms[key(pool, concurrency)] = encodeHistogram(merged(windows.map((w) => w.latency)))
      byLabel[key(pool, concurrency)] = perLabel(windows)
    }
  }
  const ioAfter = await blockCounters(dataset.adminUrl)
  const hits = ioAfter.hit - ioBefore.hit
  const reads = ioAfter.read - ioBefore.read
  const cacheHitRatio = hits + reads > 0 ? hits / (hits + reads) : 1
  const cores = ctx.environment.database?.serverCores ?? null
  const effectiveSpindles = cacheHitRatio >= 0.99 ? 0 : 1
  const rec = recommendPool(cells, {
    targetP99Ms,
    tolerance: workload.targets.throughputTolerance,
    maxErrorRate: 0.001,
    cores,
    effectiveSpindles,
  })
  return report({
    cells,
    rec,
    targetP99Ms,
    workloadName: workload.name,
    loadedHash: loaded.hash,
    scale,
    cores,
    effectiveSpindles,
    cacheHitRatio,
    windowS,
    warmupS,
    warmupCapS,
    reps,
    cutShort,
    histograms,
    byLabel,
    tolerance: workload.targets.throughputTolerance,
    transport: o.transport,
    acquireTimeoutMs: benchConfig().POOL_ACQUIRE_TIMEOUT_MS,
  })
}

function summarizeCell(pool: number, concurrency: number, windows: CallWindow<Meters>[]): PoolCell {
  const s = (f: (w: CallWindow<Meters>) => number) => spreadOf(windows.map(f))
  const calls = windows.reduce((n, w) => n + w.completed, 0)
  const errors: Record<string, number> = {}
  for (const w of windows)
    for (const [code, n] of Object.entries(w.errors)) errors[code] = (errors[code] ?? 0) + n
  const failed = Object.values(errors).reduce((a, b) => a + b, 0)
  const ms = (h: import('../../lib/histogram.ts').Histogram, p: number) =>
    h.totalCount ? h.getValueAtPercentile(p) / 1000 : 0
  const waitMean = (w: CallWindow<Meters>) =>
    w.meters.pool.wait.totalCount ? w.meters.pool.wait.mean / 1000 : 0
  const callMean = (w: CallWindow<Meters>) => (w.latency.totalCount ? w.latency.mean / 1000 : 0)
  // Pool waits per call: a call may open several transactions, so wait per call = total wait / calls.
  const waitPerCall = (w: CallWindow<Meters>) =>
    w.completed ? (w.meters.pool.wait.mean * w.meters.pool.wait.totalCount) / 1000 / w.completed : 0
  return {
    pool,
    concurrency,
    throughput: s((w) => w.throughput),
    passThroughput: windows.map((w) => round(w.throughput, 2)),
    p50Ms: s((w) => ms(w.latency, 50)),
    p95Ms: s((w) => ms(w.latency, 95)),
    p99Ms: s((w) => ms(w.latency, 99)),
    meanMs: s(callMean),
    calls,
    errorRate: calls ? failed / calls : 0,
    errors,
    waitMeanMs: s(waitMean),
    waitP99Ms: s((w) => ms(w.meters.pool.wait, 99)),
    waitShare: round(
      mean(windows.map((w) => (callMean(w) ? Math.min(1, waitPerCall(w) / callMean(w)) : 0))),
      3,
    ),
    holdMeanMs: s((w) => (w.meters.pool.hold.totalCount ? w.meters.pool.hold.mean / 1000 : 0)),
    poolInUse: s((w) => w.meters.pool.meanInUse),
    poolWaiting: s((w) => w.meters.pool.meanWaiting),
    dbActiveOnCpu: s((w) => w.meters.activity.activeOnCpu),
    dbActiveWaiting: s((w) => w.meters.activity.activeWaiting),
    dbIdleInTransaction: s((w) => w.meters.activity.idleInTransaction),
    dbMaxActive: Math.max(...windows.map((w) => w.meters.activity.maxActive)),
    cpuMachine: s((w) => w.meters.cpu.machine),
    cpuBench: s((w) => w.meters.cpu.benchProcess),
    cpuPostgres: windows.every((w) => w.meters.cpu.postgres !== null)
      ? s((w) => w.meters.cpu.postgres!)
      : null,
    cpuOther: s((w) => w.meters.cpu.other),
  }
}

function perLabel(windows: CallWindow<Meters>[]) {
  const labels = new Set(windows.flatMap((w) => [...w.byLabel.keys()]))
  return Object.fromEntries(
    [...labels].map((label) => [
      label,
      summarize(merged(windows.flatMap((w) => w.byLabel.get(label) ?? []))),
    ]),
  )
}

async function blockCounters(url: string): Promise<{ hit: number; read: number }> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query(
      'SELECT blks_hit::float8 AS hit, blks_read::float8 AS read FROM pg_stat_database WHERE datname = current_database()',
    )
    return { hit: Number(rows[0]?.hit ?? 0), read: Number(rows[0]?.read ?? 0) }
  } finally {
    await client.end()
  }
}

interface ReportInput {
  cells: PoolCell[]
  rec: PoolRecommendation
  targetP99Ms: number
  tolerance: number
  workloadName: string
  loadedHash: string
  scale: number
  cores: number | null
  effectiveSpindles: number
  cacheHitRatio: number
  windowS: number
  warmupS: number
  warmupCapS: number
  reps: number
  cutShort: string[]
  transport: 'memory' | 'http'
  acquireTimeoutMs: number
  histograms: Record<string, string>
  byLabel: Record<string, unknown>
}

function report(r: ReportInput): ScenarioResult {
  const { cells, rec } = r
  const notes: string[] = []
  const noisy = cells.filter((c) => c.throughput.relSpread > 0.2)
  const medianSpread = spreadOf(cells.map((c) => c.throughput.relSpread)).median
  notes.push(
    `Repeatability: throughput of the ${r.reps} windows of a cell spread by ${Math.round(medianSpread * 100)} % (median over cells, (max − min) / median); ${noisy.length} of ${cells.length} cells spread by more than 20 %. Other work used ${spreadOf(cells.map((c) => c.cpuOther.median)).median} cores on average while measuring.`,
  )
  if (r.cutShort.length) {
    const byCell = [...new Set(r.cutShort)].map(
      (k) => `${k.replace('x', ' × ')} (${r.cutShort.filter((x) => x === k).length})`,
    )
    notes.push(
      `${r.cutShort.length} of ${cells.length * r.reps} visits reached the ${r.warmupCapS} s warm-up cap before every caller had completed a call on the new pool: ${byCell.join(', ')}. Their latencies lean optimistic (the queue was still building).`,
    )
  }
  const failing = cells.filter((c) => c.errorRate > 0)
  if (failing.length) {
    notes.push(
      `Failed calls: ${failing
        .map(
          (c) =>
            `pool ${c.pool} × ${c.concurrency}: ${Object.entries(c.errors)
              .map(([k, n]) => `${n} ${k}`)
              .join(', ')}`,
        )
        .join(
          '; ',
        )} (SERVICE_UNAVAILABLE here is a call that waited longer than POOL_ACQUIRE_TIMEOUT_MS=${r.acquireTimeoutMs} ms for a connection).`,
    )
  }
  const spindleWhy =
    r.effectiveSpindles === 0
      ? `0 effective spindles: ${round(r.cacheHitRatio * 100, 2)} % of block reads were cache hits, the working set is in memory`
      : `1 effective spindle: only ${round(r.cacheHitRatio * 100, 2)} % of block reads hit the cache`
  const thumb =
    r.cores === null
      ? 'unknown (database server cores unknown: pass --db-cores)'
      : `${r.cores} cores × 2 + ${r.effectiveSpindles} = ${rec.ruleOfThumb} (${spindleWhy})`
  const recommendations = [
    {
      setting: 'pool size',
      value: rec.pool ?? 'none meets the target',
      ...(rec.pool !== null ? { configLine: `POOL_MAX=${rec.pool}` } : {}),
      why:
        rec.pool !== null
          ? `Smallest pool within ${Math.round(r.tolerance * 100)} % of the best throughput (paired by pass) with p99 ≤ ${r.targetP99Ms} ms at ${rec.decidedBy.join(', ')} concurrent callers (the level that needs the most connections). Rule of thumb: ${thumb}; reference default: ${rec.reference}.`
          : `No pool size met p99 ≤ ${r.targetP99Ms} ms within ${Math.round(r.tolerance * 100)} % of the best throughput at any measured concurrency. Rule of thumb: ${thumb}.`,
    },
  ]
  const perConcurrency = table(
    [
      'concurrent callers',
      'best throughput (calls/s)',
      'with pool',
      'throughput relative to it, by pool (paired by pass)',
      'recommended pool',
      'limit by pool size',
      'why not',
    ],
    rec.perConcurrency.map((p) => [
      p.concurrency,
      p.bestThroughput,
      p.bestPool,
      p.relative.map((x) => `${x.pool}: ${Math.round(x.ratio * 100)} %`).join(', '),
      p.recommended ?? '—',
      p.limits.map((l) => `${l.pool}: ${l.limit}`).join(', '),
      p.reason ?? '',
    ]),
  )
  const details = table(
    [
      'pool',
      'callers',
      'calls/s',
      'spread',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'pool wait ms',
      'wait share',
      'held ms',
      'DB on CPU',
      'idle in tx',
      'CPU cores (pg/app/other)',
      'errors',
    ],
    cells.map((c) => [
      c.pool,
      c.concurrency,
      c.throughput.median,
      `${c.throughput.min}–${c.throughput.max}`,
      c.p50Ms.median,
      c.p95Ms.median,
      c.p99Ms.median,
      c.waitMeanMs.median,
      `${Math.round(c.waitShare * 100)} %`,
      c.holdMeanMs.median,
      c.dbActiveOnCpu.median,
      c.dbIdleInTransaction.median,
      `${c.cpuPostgres?.median ?? '?'}/${c.cpuBench.median}/${c.cpuOther.median}`,
      c.errorRate ? `${round(c.errorRate * 100, 2)} %` : '',
    ]),
  )
  return {
    scenario: 'pool',
    title: `Pool sizing: ${r.workloadName} workload, scale ${r.scale}`,
    method:
      `Closed-loop load of the \`${r.workloadName}\` workload through the real stack (${r.transport === 'http' ? 'MCP clients over loopback HTTP to `startHttpServer`, one JWT per caller' : 'MCP client ↔ `createServer` in memory'}, services, \`withTenant\`, pg pool as zava_app under RLS) for each pool size × number of concurrent callers. ` +
      `The grid is visited in ${r.reps} passes; within a pass the callers keep running, concurrency steps up, and at each level the pool is swapped under them, largest first. ` +
      `Each visit warms up (at least ${r.warmupS} s, until the replaced pool has drained and every caller has completed a call started on the new one, at most ${r.warmupCapS} s; dropped) and measures one window of ${r.windowS} s, every caller starting the same call sequence for every pool size of a pass. ` +
      'Figures are medians over the passes with their min–max spread. ' +
      'Pool wait is measured by wrapping `Db.acquire`; database activity by sampling `pg_stat_activity` every 100 ms; CPU from /proc.',
    summary: {
      columns: [
        'pool',
        'callers',
        'calls/s',
        'p50 ms',
        'p99 ms',
        'pool wait ms',
        'backends running',
        'PG CPU cores',
        'errors',
      ],
      rows: cells.map((c) => [
        c.pool,
        c.concurrency,
        c.throughput.median,
        c.p50Ms.median,
        c.p99Ms.median,
        c.waitMeanMs.median,
        c.dbActiveOnCpu.median,
        c.cpuPostgres?.median ?? '?',
        c.errorRate ? `${round(c.errorRate * 100, 1)} %` : '',
      ]),
    },
    recommendations,
    sections: [
      {
        title: 'Why',
        markdown: rec.explanation.map((l) => `- ${l}`).join('\n') || '- (not enough cells to tell)',
      },
      { title: 'Per concurrency level', markdown: perConcurrency },
      { title: 'All cells', markdown: details },
    ],
    plots: poolPlots(cells, rec, r.targetP99Ms),
    notes,
    data: {
      workload: { name: r.workloadName, sha256: r.loadedHash },
      targetP99Ms: r.targetP99Ms,
      scale: r.scale,
      cacheHitRatio: r.cacheHitRatio,
      recommendation: rec,
      cells,
      latencyHistograms: r.histograms,
      byTool: r.byLabel,
    },
  }
}
