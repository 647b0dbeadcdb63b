import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { installSigningKey } from '../../src/data/admin.ts'
import { openEmbeddedDatabase } from '../../src/data/embedded.ts'
import { migrate } from '../../src/data/migrations.ts'
import { seedDatabase } from '../../src/data/seed/index.ts'
import { utcToday } from '../../src/service/periods.ts'
import { pick } from '../lib/cli.ts'
import { datasetInfo, type ScenarioContext } from '../lib/context.ts'
import { datasetKey } from '../lib/database/dataset.ts'
import { merged, summarize } from '../lib/histogram.ts'
import { runClosedLoop } from '../lib/load/closed-loop.ts'
import { CpuSampler } from '../lib/load/samplers.ts'
import type { Plot, ScenarioResult } from '../lib/report/types.ts'
import { table } from '../lib/report/write.ts'
import { buildStack, type Stack, USERS_SQL } from '../lib/stack/server-stack.ts'
import { spreadOf } from '../lib/stats.ts'
import { CallGenerator, loadWorkload } from '../workload/generator.ts'

interface Cell {
  backend: 'postgres' | 'pglite'
  concurrency: number
  throughput: ReturnType<typeof spreadOf>
  p50Ms: ReturnType<typeof spreadOf>
  p99Ms: ReturnType<typeof spreadOf>
  cpuCores: number
  byLabel: Record<string, ReturnType<typeof summarize>>
}

/**
 * The same workload on embedded PGlite (in process, one backend session: calls queue) and on the
 * server PostgreSQL (pool of 10), at the embedded database's usual scale, closed loop.
 */
export async function runEmbedded(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { options: o, progress } = ctx
  const scale = o.scale ?? pick(undefined, o.profile, { full: 0.05, quick: 0.05, smoke: 0.02 })
  const levels = o.concurrency ?? pick(undefined, o.profile, { full: [1, 4, 16], quick: [1, 4], smoke: [1] })
  const warmupS = pick(o.warmupS, o.profile, { full: 3, quick: 1, smoke: 0.2 })
  const windowS = pick(o.windowS, o.profile, { full: 5, quick: 3, smoke: 0.5 })
  const reps = pick(o.reps, o.profile, { full: 3, quick: 3, smoke: 2 })
  const loaded = await loadWorkload(o.workload)
  const server = await ctx.server()
  const dataset = await ctx.dataset(scale)
  ctx.datasetsUsed.push(datasetInfo(dataset))
  const embedded = await openCachedPglite(ctx, scale)
  const cells: Cell[] = []
  progress.begin(
    levels.length * 2,
    `embedded: ${loaded.workload.name} workload on PGlite and PostgreSQL, scale ${scale}`,
  )
  try {
    for (const backend of ['postgres', 'pglite'] as const) {
      const stack: Stack =
        backend === 'postgres'
          ? await buildStack({
              appUrl: dataset.appUrl,
              adminUrl: dataset.adminUrl,
              signer: dataset.signer,
              poolMax: 10,
              today: dataset.today,
            })
          : await buildStack({
              appUrl: '',
              db: embedded.db,
              userIds: embedded.userIds,
              signer: embedded.signer,
              poolMax: 1,
              today: embedded.today,
            })
      try {
        for (const concurrency of levels) {
          const today = backend === 'postgres' ? dataset.today : embedded.today
          const gens = Array.from(
            { length: concurrency },
            (_, w) => new CallGenerator(loaded, stack.population, today, loaded.workload.seed * 1000 + w),
          )
          const windows = await runClosedLoop({
            concurrency,
            warmupMs: warmupS * 1000,
            windows: reps,
            windowMs: windowS * 1000,
            next: (w) => gens[w]!.next(),
            call: (planned) => stack.call(planned),
            meters: { cpu: new CpuSampler(backend === 'postgres' ? server.postmasterPid : undefined) },
            onProgress: (done) => progress.within(done, `${backend}, ${concurrency} callers`),
          })
          const labels = new Set(windows.flatMap((w) => [...w.byLabel.keys()]))
          const cell: Cell = {
            backend,
            concurrency,
            throughput: spreadOf(windows.map((w) => w.throughput)),
            p50Ms: spreadOf(windows.map((w) => w.latency.getValueAtPercentile(50) / 1000)),
            p99Ms: spreadOf(windows.map((w) => w.latency.getValueAtPercentile(99) / 1000)),
            cpuCores: spreadOf(windows.map((w) => w.meters.cpu.machine - w.meters.cpu.other)).median,
            byLabel: Object.fromEntries(
              [...labels].map((l) => [l, summarize(merged(windows.flatMap((w) => w.byLabel.get(l) ?? [])))]),
            ),
          }
          cells.push(cell)
          progress.stepDone(
            `${backend}, ${concurrency} callers: ${cell.throughput.median} calls/s, p50 ${cell.p50Ms.median} ms, p99 ${cell.p99Ms.median} ms`,
          )
        }
      } finally {
        await stack.close()
      }
    }
  } finally {
    await embedded.close()
  }
  return embeddedReport(cells, loaded.workload.name, scale, { warmupS, windowS, reps })
}

/** PGlite in the cache directory, seeded once per (scale, seed, schema, generator); its own tenant key. */
async function openCachedPglite(ctx: ScenarioContext, scale: number) {
  const key = await datasetKey(scale, ctx.options.seed)
  const dir = join(ctx.options.cacheDir, `pglite-${key.slice(0, 16)}`)
  const marker = join(dir, 'bench-dataset.json')
  const meta = existsSync(marker)
    ? (JSON.parse(readFileSync(marker, 'utf8')) as { cacheKey: string; today: string })
    : undefined
  const fresh =
    meta?.cacheKey === key &&
    !ctx.options.reseed &&
    Date.now() - Date.parse(`${meta.today}T00:00:00Z`) < 8 * 86_400_000
  if (!fresh) rmSync(dir, { recursive: true, force: true })
  const started = performance.now()
  const opened = await openEmbeddedDatabase(dir)
  let today = meta?.today ?? utcToday()
  if (!fresh) {
    ctx.log(`pglite ${dir}: seeding scale ${scale}`)
    today = utcToday()
    await migrate(opened.db)
    await installSigningKey(opened.db, opened.signer)
    await seedDatabase(opened.db, { scale, seed: ctx.options.seed, today })
    await opened.db.pglite.exec('VACUUM ANALYZE')
    writeFileSync(marker, JSON.stringify({ cacheKey: key, today }))
    ctx.log(`pglite: ready in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  } else ctx.log(`pglite ${dir}: reusing scale ${scale}`)
  const userIds = (await opened.db.pglite.query<{ id: string }>(USERS_SQL)).rows.map((r) => r.id)
  ctx.datasetsUsed.push({
    name: `pglite ${dir}`,
    scale,
    seed: ctx.options.seed,
    today,
    reused: fresh,
    preparedMs: fresh ? 0 : Math.round(performance.now() - started),
    cacheKey: key,
  })
  return { ...opened, today, userIds }
}

function embeddedReport(
  cells: Cell[],
  workload: string,
  scale: number,
  t: { warmupS: number; windowS: number; reps: number },
): ScenarioResult {
  const labels = [...new Set(cells.flatMap((c) => Object.keys(c.byLabel)))].sort()
  const top = Math.max(...cells.map((c) => c.concurrency))
  const at = (backend: Cell['backend'], concurrency: number) =>
    cells.find((c) => c.backend === backend && c.concurrency === concurrency)
  const perTool = labels.map((label) => {
    const pg = at('postgres', 1)?.byLabel[label]
    const lite = at('pglite', 1)?.byLabel[label]
    return [
      label,
      pg?.p50Ms ?? '—',
      lite?.p50Ms ?? '—',
      pg && lite && pg.p50Ms > 0 ? `${(lite.p50Ms / pg.p50Ms).toFixed(1)}×` : '—',
    ]
  })
  const plot: Plot = {
    name: 'throughput',
    title: 'Throughput: embedded PGlite against server PostgreSQL',
    caption:
      'Median calls per second per number of concurrent callers; PGlite runs one transaction at a time in process.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 360,
      height: 240,
      data: {
        values: cells.map((c) => ({
          backend: c.backend,
          concurrency: String(c.concurrency),
          throughput: c.throughput.median,
        })),
      },
      mark: 'bar',
      encoding: {
        x: { field: 'concurrency', type: 'ordinal', title: 'concurrent callers' },
        xOffset: { field: 'backend' },
        y: { field: 'throughput', type: 'quantitative', title: 'calls per second' },
        color: { field: 'backend', type: 'nominal' },
      },
    } as unknown as Plot['spec'],
  }
  const pg = at('postgres', top)
  const lite = at('pglite', top)
  return {
    scenario: 'embedded',
    title: `Embedded PGlite against server PostgreSQL: ${workload} workload, scale ${scale}`,
    method: `The same \`${workload}\` workload through the same stack, once on PGlite (in process, the embedded default) and once on server PostgreSQL (pool of 10), closed loop; ${t.warmupS} s warm-up, then ${t.reps} windows of ${t.windowS} s, medians with spread.`,
    summary: {
      columns: ['backend', 'callers', 'calls/s', 'spread', 'p50 ms', 'p99 ms', 'CPU cores (bench + db)'],
      rows: cells.map((c) => [
        c.backend,
        c.concurrency,
        c.throughput.median,
        `${c.throughput.min}–${c.throughput.max}`,
        c.p50Ms.median,
        c.p99Ms.median,
        c.cpuCores,
      ]),
    },
    recommendations: [],
    sections: [
      {
        title: 'Per call, one caller (p50 ms)',
        markdown: table(['call', 'PostgreSQL', 'PGlite', 'PGlite / PostgreSQL'], perTool),
      },
    ],
    plots: [plot],
    notes:
      pg && lite
        ? [
            `At ${top} concurrent callers PGlite serves ${lite.throughput.median} calls/s against ${pg.throughput.median} for PostgreSQL: it suits one assistant on a laptop, not a shared server.`,
          ]
        : [],
    data: { cells },
  }
}
