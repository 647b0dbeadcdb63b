import { availableParallelism } from 'node:os'
import { guardSql } from '../../../src/data/sql-guard/index.ts'
import { sqlHash } from '../../../src/data/telemetry.ts'
import type { Caller } from '../../../src/data/with-tenant.ts'
import { pick } from '../../lib/cli.ts'
import { datasetInfo, type ScenarioContext } from '../../lib/context.ts'
import { type Histogram, latencyHistogram, merged, recordMs, summarize } from '../../lib/histogram.ts'
import { startLoad } from '../../lib/load/closed-loop.ts'
import type { ScenarioResult } from '../../lib/report/types.ts'
import { BenchTelemetry, queryStream, type StreamWindow } from '../../lib/stack/query-recorder.ts'
import { benchConfig, buildStack, type Stack } from '../../lib/stack/server-stack.ts'
import { prng } from '../../lib/stats.ts'
import { type CorpusQuery, readCorpus } from '../../workload/corpus.ts'
import { CallGenerator, type LoadedWorkload, loadWorkload, sqlChoices } from '../../workload/generator.ts'
import { type ScaleMeasurement, thresholdCurve } from './analysis.ts'
import { slowQueryReport } from './report.ts'

export interface PerQuery {
  label: string
  kind: string
  histogram: Histogram
  errors: number
}

export interface ScaleRun {
  measurement: ScaleMeasurement
  perQuery: PerQuery[]
  backgroundCalls: number
  backgroundErrors: Record<string, number>
  windowsMs: number
}

/**
 * At each data scale: the workload runs in the background (closed loop) while every query it can
 * make is swept through the services, and the data layer's query events (what the slow-query monitor
 * sees) are recorded per window; then the pathological corpus runs as head office next to the same
 * background load. For every candidate threshold: noise (share of normal tool calls with a query above
 * it, and share of normal queries above it) and recall (share of pathological runs caught).
 */
export async function runSlowQuery(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { options: o, progress } = ctx
  const scales =
    o.scales ??
    (o.scale
      ? [o.scale]
      : pick(undefined, o.profile, { full: [0.25, 1, 2], quick: [0.25, 1], smoke: [0.02, 0.04] }))
  const concurrency = o.concurrency?.[0] ?? ctx.environment.database?.serverCores ?? availableParallelism()
  const warmupS = pick(o.warmupS, o.profile, { full: 3, quick: 2, smoke: 0.3 })
  const windowS = pick(o.windowS, o.profile, { full: 10, quick: 5, smoke: 1 })
  const reps = pick(o.reps, o.profile, { full: 3, quick: 3, smoke: 2 })
  const sweepPasses = pick(undefined, o.profile, { full: 2, quick: 1, smoke: 1 })
  const pathologicalRuns = pick(undefined, o.profile, { full: 3, quick: 1, smoke: 1 })
  const loaded = await loadWorkload(o.workload)
  const pathological = await readCorpus('pathological-queries')
  const telemetry = new BenchTelemetry(await corpusHashes([...loaded.corpora.values()].flat(), pathological))
  telemetry.keepSamples.add('pathological')

  const runs: ScaleRun[] = []
  progress.begin(
    scales.length * 2,
    `slow-query: ${loaded.workload.name} workload at scales ${scales.join(', ')}, ${concurrency} callers`,
  )
  for (const scale of [...scales].sort((a, b) => a - b)) {
    const dataset = await ctx.dataset(scale)
    ctx.datasetsUsed.push(datasetInfo(dataset))
    const stack = await buildStack({
      appUrl: dataset.appUrl,
      adminUrl: dataset.adminUrl,
      signer: dataset.signer,
      poolMax: benchConfig().POOL_MAX,
      today: dataset.today,
      transport: o.transport,
      telemetry,
    })
    try {
      runs.push(
        await measureScale(ctx, stack, loaded, pathological, telemetry, {
          scale,
          today: dataset.today,
          concurrency,
          warmupMs: warmupS * 1000,
          windowMs: windowS * 1000,
          reps,
          sweepPasses,
          pathologicalRuns,
        }),
      )
    } finally {
      await stack.close()
    }
  }
  const maxNoise = loaded.workload.targets.maxNoise
  const curves = runs.map((r) => thresholdCurve(r.measurement, maxNoise))
  return slowQueryReport({
    runs,
    curves,
    loaded,
    pathological,
    maxNoise,
    concurrency,
    warmupS,
    windowS,
    reps,
    sweepPasses,
    pathologicalRuns,
    configuredMs: benchConfig().SLOW_QUERY_MS,
    poolMax: benchConfig().POOL_MAX,
  })
}

interface ScalePlan {
  scale: number
  today: string
  concurrency: number
  warmupMs: number
  windowMs: number
  reps: number
  sweepPasses: number
  pathologicalRuns: number
}

async function measureScale(
  ctx: ScenarioContext,
  stack: Stack,
  loaded: LoadedWorkload,
  pathological: CorpusQuery[],
  telemetry: BenchTelemetry,
  plan: ScalePlan,
): Promise<ScaleRun> {
  const { progress } = ctx
  const generators = Array.from(
    { length: plan.concurrency },
    (_, w) => new CallGenerator(loaded, stack.population, plan.today, loaded.workload.seed * 1000 + w),
  )
  telemetry.enabled = false
  const background = startLoad({
    concurrency: plan.concurrency,
    next: (w) => generators[w]!.next(),
    call: (planned) => stack.call(planned),
    thinkTimeMs: loaded.workload.thinkTimeMs,
  })
  const windows: { stats: Map<string, StreamWindow>; calls: number }[] = []
  const started = performance.now()
  try {
    await Bun.sleep(plan.warmupMs)
    telemetry.swap()
    telemetry.enabled = true
    const tasks = sweepTasks(stack, loaded, plan)
    let swept = 0
    let sweepDone = false
    const sweep = queryStream
      .run('sweep', async () => {
        for (const task of tasks) {
          await task().catch(() => {})
          swept++
        }
      })
      .finally(() => {
        sweepDone = true
      })
    // Windows of normal load until the sweep is done (at least `reps`, at most 4 × reps).
    let callsBefore = background.calls()
    while (windows.length < plan.reps || (!sweepDone && windows.length < plan.reps * 4)) {
      const until = performance.now() + plan.windowMs
      while (performance.now() < until) {
        await Bun.sleep(Math.min(200, Math.max(1, until - performance.now())))
        progress.within(
          Math.min(0.99, swept / tasks.length),
          `scale ${plan.scale}: normal load, sweep ${swept}/${tasks.length}`,
        )
      }
      const calls = background.calls()
      windows.push({ stats: telemetry.swap(), calls: calls - callsBefore })
      callsBefore = calls
    }
    await sweep
    progress.stepDone(
      `scale ${plan.scale}: ${windows.length} windows of normal load, ${tasks.length} swept calls`,
    )

    const headOffice = stack.population.get('head_office')?.demo
    if (!headOffice) throw new Error('the database has no head-office user to run the pathological queries')
    let done = 0
    const total = pathological.length * plan.pathologicalRuns
    await queryStream.run('pathological', async () => {
      for (let r = 0; r < plan.pathologicalRuns; r++) {
        for (const query of pathological) {
          progress.within(done / total, `scale ${plan.scale}: pathological ${query.id}`)
          await runSql(stack, headOffice, query.sql)
          done++
        }
      }
    })
    progress.stepDone(`scale ${plan.scale}: ${total} pathological runs`)
  } finally {
    telemetry.enabled = false
    await background.stop()
  }
  const tail = telemetry.swap()
  const samples = telemetry.samples.splice(0)
  const timeoutMs = stack.config.QUERY_TIMEOUT_MS
  return {
    measurement: {
      scale: plan.scale,
      normalWindows: windows.map((w) => normalHistogram(w.stats.get('workload'))),
      callWindows: windows.map((w) => callHistogram(w.stats.get('workload'), w.calls)),
      pathological: pathological.map((q) => {
        const mine = samples.filter((s) => s.label === `sql:${q.id}`)
        return {
          id: q.id,
          category: q.category ?? 'uncategorised',
          runsMs: mine.map((s) => s.ms),
          timedOut: mine.filter((s) => s.failed && s.ms >= timeoutMs * 0.95).length,
        }
      }),
    },
    perQuery: perQuery([...windows.map((w) => w.stats), tail], ['workload', 'sweep']),
    backgroundCalls: background.calls(),
    backgroundErrors: background.errors(),
    windowsMs: performance.now() - started,
  }
}

/** One call per query the workload can make, per caller kind it has, plus store performance per period. */
function sweepTasks(stack: Stack, loaded: LoadedWorkload, plan: ScalePlan): (() => Promise<unknown>)[] {
  const tasks: (() => Promise<unknown>)[] = []
  for (const entry of loaded.workload.mix) {
    const kinds = loaded.workload.callers
      .map((c) => c.kind)
      .filter((k) => !entry.callers || entry.callers.includes(k))
    for (const kind of kinds) {
      const caller = stack.population.get(kind)?.demo
      if (!caller) continue
      for (const gen of Object.values(entry.args)) {
        if (gen.gen !== 'sql') continue
        for (const query of sqlChoices(gen, loaded.corpora))
          tasks.push(() => runSql(stack, caller, query.sql))
      }
      if (entry.tool === 'get_store_performance') {
        const period = entry.args.period
        const periods =
          period?.gen === 'oneOf' ? (period.values as string[]) : ['last_30_days', 'last_quarter']
        for (const p of periods) {
          tasks.push(() =>
            stack.services.performance.get(caller, {
              storeId: caller.storeIds[0]!,
              period: p,
              today: plan.today,
            }),
          )
        }
      }
    }
  }
  const random = prng(loaded.workload.seed)
  const out: (() => Promise<unknown>)[] = []
  for (let pass = 0; pass < plan.sweepPasses; pass++) {
    const shuffled = [...tasks]
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
    }
    out.push(...shuffled)
  }
  return out
}

function runSql(stack: Stack, caller: Caller, sql: string): Promise<unknown> {
  return stack.services.queries.execute(caller, sql).catch(() => undefined)
}

/** Every query the monitor saw from the normal workload in a window (set-up statements included). */
function normalHistogram(stream: StreamWindow | undefined): Histogram {
  return merged([...(stream?.queries.values() ?? [])].map((s) => s.histogram))
}

/**
 * Per tool call of the normal workload, its slowest query (a call without a query counts as 0.001 ms:
 * it can never be flagged), so noise can be counted per call as an operator reading the log sees it.
 */
function callHistogram(stream: StreamWindow | undefined, calls: number): Histogram {
  const h = latencyHistogram()
  const slowest = [...(stream?.slowestPerCall.values() ?? [])]
  for (const ms of slowest) recordMs(h, ms)
  for (let i = slowest.length; i < calls; i++) recordMs(h, 0.001)
  return h
}

function perQuery(windows: Map<string, StreamWindow>[], streams: string[]): PerQuery[] {
  const byLabel = new Map<string, PerQuery>()
  for (const window of windows) {
    for (const stream of streams) {
      for (const [label, stat] of window.get(stream)?.queries ?? []) {
        const entry = byLabel.get(label) ?? {
          label,
          kind: stat.kind,
          histogram: latencyHistogram(),
          errors: 0,
        }
        entry.histogram.add(stat.histogram)
        entry.errors += stat.errors
        byLabel.set(label, entry)
      }
    }
  }
  return [...byLabel.values()].sort((a, b) => summarize(b.histogram).p99Ms - summarize(a.histogram).p99Ms)
}

/** sqlHash of the guarded text (what the data layer reports) → corpus id. */
async function corpusHashes(...corpora: CorpusQuery[][]): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  for (const query of corpora.flat()) ids.set(sqlHash((await guardSql(query.sql)).sql), query.id)
  return ids
}
