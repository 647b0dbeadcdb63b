import { do_not_optimize, measure } from 'mitata'
import { guardSql, loadSqlGuard } from '../../src/data/sql-guard/index.ts'
import { withTenant } from '../../src/data/with-tenant.ts'
import { pick } from '../lib/cli.ts'
import { datasetInfo, type ScenarioContext } from '../lib/context.ts'
import { latencyHistogram, recordMs, summarize } from '../lib/histogram.ts'
import type { Plot, ScenarioResult } from '../lib/report/types.ts'
import { table } from '../lib/report/write.ts'
import { buildStack } from '../lib/stack/server-stack.ts'
import { medianOf, round } from '../lib/stats.ts'
import { type CorpusQuery, readCorpus } from '../workload/corpus.ts'

/**
 * The SQL guard's cost per query (parse with the real PostgreSQL parser, walk, allow-lists, statement
 * text, fingerprint), measured with mitata for every corpus query and a ~20 KB UNION, next to what
 * the database then spends on the same query (head office, median of a few runs), so its share of an
 * execute_sales_query call is visible. Refused queries fail the scenario: the corpus must be valid.
 */
export async function runSqlGuard(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { options: o, progress } = ctx
  const samples = pick(undefined, o.profile, { full: 400, quick: 100, smoke: 10 })
  const cpuBudgetMs = pick(undefined, o.profile, { full: 300, quick: 60, smoke: 5 })
  const dbRuns = pick(undefined, o.profile, { full: 5, quick: 3, smoke: 1 })
  const scale = o.scale ?? pick(undefined, o.profile, { full: 1, quick: 1, smoke: 0.02 })
  await loadSqlGuard()
  const analyst = await readCorpus('analyst-queries')
  const pathological = await readCorpus('pathological-queries')
  const refused: string[] = []
  for (const q of [...analyst, ...pathological]) {
    await guardSql(q.sql).catch((err: Error) => refused.push(`${q.id}: ${err.message}`))
  }
  if (refused.length) throw new Error(`the SQL guard refuses corpus queries:\n  ${refused.join('\n  ')}`)
  const large = await largeUnion(analyst)
  const items = [
    ...analyst.map((q) => ({ id: q.id, group: q.tags[0] ?? 'analyst', sql: q.sql })),
    ...pathological.map((q) => ({ id: q.id, group: 'pathological', sql: q.sql })),
    { id: 'union-of-analyst-queries', group: 'large', sql: large },
  ]

  const dataset = await ctx.dataset(scale)
  ctx.datasetsUsed.push(datasetInfo(dataset))
  const stack = await buildStack({
    appUrl: dataset.appUrl,
    adminUrl: dataset.adminUrl,
    signer: dataset.signer,
    poolMax: 1,
    today: dataset.today,
  })
  const caller = stack.population.get('head_office')!.demo
  const rows: {
    id: string
    group: string
    chars: number
    guardP50Us: number
    guardP99Us: number
    dbMs: number | null
  }[] = []
  progress.begin(items.length, `sql-guard: ${items.length} queries, ${samples} samples each`)
  try {
    for (const item of items) {
      const stats = await measure(async () => do_not_optimize(await guardSql(item.sql)), {
        min_samples: samples,
        max_samples: samples * 4,
        min_cpu_time: cpuBudgetMs * 1e6,
        // One call per sample: batching fast calls (thousands per sample) would take seconds per query.
        batch_threshold: 0,
      })
      let dbMs: number | null = null
      if (item.group !== 'pathological' && item.group !== 'large') {
        const guarded = (await guardSql(item.sql)).sql
        const h = latencyHistogram()
        for (let i = 0; i < dbRuns; i++) {
          const started = performance.now()
          await withTenant(stack.tdb, caller, (tx) => tx.query(guarded, []), { rollback: true })
          recordMs(h, performance.now() - started)
        }
        dbMs = summarize(h).p50Ms
      }
      rows.push({
        id: item.id,
        group: item.group,
        chars: item.sql.length,
        guardP50Us: round(stats.p50 / 1000, 1),
        guardP99Us: round(stats.p99 / 1000, 1),
        dbMs,
      })
      progress.stepDone(
        `${item.id}: guard p50 ${round(stats.p50 / 1000, 1)} µs${dbMs === null ? '' : `, database ${dbMs} ms`}`,
      )
    }
  } finally {
    await stack.close()
  }
  const groups = [...new Set(rows.map((r) => r.group))]
  const byGroup = groups.map((group) => {
    const mine = rows.filter((r) => r.group === group)
    const share = mine
      .filter((r) => r.dbMs !== null)
      .map((r) => r.guardP50Us / 1000 / (r.guardP50Us / 1000 + r.dbMs!))
    return [
      group,
      mine.length,
      Math.round(medianOf(mine.map((r) => r.chars))),
      round(medianOf(mine.map((r) => r.guardP50Us)), 1),
      round(Math.max(...mine.map((r) => r.guardP99Us)), 1),
      share.length ? `${round(medianOf(share) * 100, 2)} %` : '—',
    ]
  })
  const plot: Plot = {
    name: 'guard-vs-database',
    title: 'SQL guard cost against database time',
    caption:
      "Each point is a corpus query: the guard's median cost against the database's median time for the same query (head office); the dashed line is where the guard would cost 1 % of the database time.",
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 420,
      height: 300,
      layer: [
        {
          data: {
            values: rows.filter((r) => r.dbMs !== null).map((r) => ({ ...r, guardMs: r.guardP50Us / 1000 })),
          },
          mark: { type: 'point', filled: true },
          encoding: {
            x: { field: 'dbMs', type: 'quantitative', scale: { type: 'log' }, title: 'database time (ms)' },
            y: { field: 'guardMs', type: 'quantitative', scale: { type: 'log' }, title: 'guard cost (ms)' },
            color: { field: 'group', type: 'nominal', title: 'tag' },
            tooltip: [{ field: 'id' }],
          },
        },
        {
          data: {
            values: [
              { dbMs: 0.5, guardMs: 0.005 },
              { dbMs: 2000, guardMs: 20 },
            ],
          },
          mark: { type: 'line', strokeDash: [4, 3], color: '#888' },
          encoding: {
            x: { field: 'dbMs', type: 'quantitative' },
            y: { field: 'guardMs', type: 'quantitative' },
          },
        },
      ],
    } as unknown as Plot['spec'],
  }
  return {
    scenario: 'sql-guard',
    title: `SQL guard cost per query, scale ${scale}`,
    method: `mitata measures \`guardSql\` (${samples}+ samples per query) for the ${analyst.length} analyst queries, the ${pathological.length} pathological ones and a ${large.length}-character UNION of analyst queries; the database time is the median of ${dbRuns} runs of the guarded SQL inside \`withTenant\` as head office at scale ${scale}.`,
    summary: {
      columns: [
        'queries',
        'count',
        'median chars',
        'guard p50 µs',
        'worst guard p99 µs',
        'guard share of guard + database',
      ],
      rows: byGroup,
    },
    recommendations: [],
    sections: [
      {
        title: 'Per query',
        markdown: table(
          ['query', 'tag', 'chars', 'guard p50 µs', 'guard p99 µs', 'database p50 ms'],
          rows.map((r) => [r.id, r.group, r.chars, r.guardP50Us, r.guardP99Us, r.dbMs ?? '—']),
        ),
      },
    ],
    plots: [plot],
    notes: [],
    data: { samples, dbRuns, rows },
  }
}

/** About 20 KB: guarded analyst queries joined with UNION ALL (each as a parenthesised subquery). */
async function largeUnion(queries: CorpusQuery[]): Promise<string> {
  const parts: string[] = []
  for (let i = 0; parts.join('\nUNION ALL\n').length < 20_000; i++) {
    const q = queries[i % queries.length]!
    parts.push(`(SELECT count(*) AS n FROM (${(await guardSql(q.sql)).sql}) AS q${i})`)
  }
  return parts.join('\nUNION ALL\n')
}
