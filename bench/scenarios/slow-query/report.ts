import { bucketCounts, encodeHistogram, merged, summarize } from '../../lib/histogram.ts'
import type { Plot, ScenarioResult } from '../../lib/report/types.ts'
import { table } from '../../lib/report/write.ts'
import { medianOf, round } from '../../lib/stats.ts'
import type { CorpusQuery } from '../../workload/corpus.ts'
import type { LoadedWorkload } from '../../workload/generator.ts'
import { type ScaleCurve, targetCurve } from './analysis.ts'
import type { ScaleRun } from './index.ts'

interface ReportInput {
  runs: ScaleRun[]
  curves: ScaleCurve[]
  loaded: LoadedWorkload
  pathological: CorpusQuery[]
  maxNoise: number
  concurrency: number
  warmupS: number
  windowS: number
  reps: number
  sweepPasses: number
  pathologicalRuns: number
  /** SLOW_QUERY_MS as configured now (environment or default) */
  configuredMs: number
  poolMax: number
}

const pct = (share: number) => `${round(share * 100, share < 0.01 ? 2 : 1)} %`

/** How the threshold configured now fares at the target scale, when it is one of the candidates. */
function configuredLine(target: ScaleCurve, configuredMs: number): string {
  const now = target.points.find((p) => p.thresholdMs === configuredMs)
  return now
    ? ` The configured SLOW_QUERY_MS=${configuredMs} flags ${pct(now.noise)} of normal calls and catches ${pct(now.recall)}.`
    : ''
}

export function slowQueryReport(r: ReportInput): ScenarioResult {
  const target = targetCurve(r.curves)
  const targetRun = r.runs.find((run) => run.measurement.scale === target?.scale)
  const threshold = target?.recommendedMs ?? null
  const notes: string[] = []
  const recommendations = []
  if (target && threshold !== null && target.band) {
    const point = target.points.find((p) => p.thresholdMs === threshold)!
    const perScale = r.curves.map((c) => `scale ${c.scale}: ${c.recommendedMs ?? 'none'} ms`).join(', ')
    recommendations.push({
      setting: 'slow-query threshold',
      value: `${threshold} ms`,
      configLine: `SLOW_QUERY_MS=${threshold}`,
      why:
        `At scale ${target.scale} it flags ${pct(point.noise)} of normal tool calls (limit ${pct(r.maxNoise)}; ${pct(point.queryNoise)} of their queries) and catches ${pct(point.recall)} of pathological runs; ` +
        (target.band.lowMs === target.band.highMs
          ? `no other candidate catches as many with less than ${pct(r.maxNoise)} noise. `
          : `every value from ${target.band.lowMs} to ${target.band.highMs} ms catches as many with less than ${pct(r.maxNoise)} noise, and ${threshold} ms is the geometric middle of that range. `) +
        `Per scale: ${perScale} — the threshold follows the data size, so measure at production scale.` +
        configuredLine(target, r.configuredMs),
    })
  } else {
    notes.push(
      `No candidate threshold up to 10 s kept noise under ${pct(r.maxNoise)} at the largest scale: normal queries of this workload are too slow for a fixed threshold; look at the per-query table.`,
    )
  }
  for (const run of r.runs) {
    const errors = Object.entries(run.backgroundErrors)
    if (errors.length) {
      notes.push(
        `Scale ${run.measurement.scale}: ${errors.map(([code, n]) => `${n} ${code}`).join(', ')} among ${run.backgroundCalls} background calls.`,
      )
    }
  }
  const spreadAt = target?.points.find((p) => p.thresholdMs === threshold)?.noiseWindows
  if (spreadAt) {
    notes.push(
      `Noise at the recommended threshold varied from ${pct(spreadAt.min)} to ${pct(spreadAt.max)} between the ${spreadAt.n} windows at scale ${target?.scale} (median ${pct(spreadAt.median)}).`,
    )
  }

  const scales = r.curves.map((c) => c.scale)
  // Rows where something happens: from the last threshold with ≥ 50 % noise to the first that catches nothing.
  const points = r.curves[0]!.points
  const busy = (i: number) => r.curves.some((c) => c.points[i]!.recall > 0 || c.points[i]!.noise > 0)
  const first = Math.max(
    0,
    points.findLastIndex((_, i) => r.curves.every((c) => c.points[i]!.noise >= 0.5)),
  )
  const last = Math.min(points.length - 1, points.findLastIndex((_, i) => busy(i)) + 1)
  const summaryRows = points
    .slice(first, last + 1)
    .map((p, k) => [
      p.thresholdMs,
      ...r.curves.flatMap((c) => [
        pct(c.points[first + k]!.noise),
        pct(c.points[first + k]!.queryNoise),
        pct(c.points[first + k]!.recall),
      ]),
    ])
  const perQueryRows = (targetRun?.perQuery ?? [])
    .filter((q) => q.kind !== 'setup')
    .map((q) => {
      const s = summarize(q.histogram)
      const flagged = threshold !== null && s.p99Ms >= threshold
      return [
        `${q.label}${flagged ? ' ⚠' : ''}`,
        q.kind,
        s.count,
        s.p50Ms,
        s.p95Ms,
        s.p99Ms,
        s.maxMs,
        q.errors || '',
      ]
    })
  const pathoRows = r.pathological.map((q) => {
    const cells = r.runs.map((run) => {
      const p = run.measurement.pathological.find((x) => x.id === q.id)
      if (!p || p.runsMs.length === 0) return '—'
      const ms = Math.round(medianOf(p.runsMs))
      return `${ms}${p.timedOut ? ' (timeout)' : ''}`
    })
    const atTarget = targetRun?.measurement.pathological.find((x) => x.id === q.id)
    const caught = threshold !== null && atTarget ? atTarget.runsMs.filter((ms) => ms >= threshold).length : 0
    return [
      q.id,
      q.category ?? '',
      ...cells,
      threshold === null ? '—' : `${caught}/${atTarget?.runsMs.length ?? 0}`,
    ]
  })
  return {
    scenario: 'slow-query',
    title: `Slow-query threshold: ${r.loaded.workload.name} workload, scales ${scales.join(', ')}`,
    method:
      `At each scale the \`${r.loaded.workload.name}\` workload runs in the background (${r.concurrency} concurrent callers, closed loop, POOL_MAX ${r.poolMax}) through the real stack; ` +
      `after ${r.warmupS} s of warm-up, normal query latencies are recorded in windows of ${r.windowS} s (at least ${r.reps}) while every query the workload can make is swept ${r.sweepPasses}× through the services. ` +
      `Then the ${r.pathological.length} pathological queries of bench/corpus/pathological-queries.sql run ${r.pathologicalRuns}× each as head office, next to the same background load. ` +
      "Queries are timed by the data layer's own telemetry hook, the one the slow-query monitor listens on: one typed statement, or assistant SQL from DECLARE to its last FETCH. " +
      `Noise = share of the background workload's tool calls with a query above a threshold (the share of its queries is shown too); recall = share of pathological runs at or above it. Recommended: the threshold in the middle of the range with noise < ${pct(r.maxNoise)} and the best recall, at the largest scale.`,
    summary: {
      columns: [
        'threshold ms',
        ...scales.flatMap((s) => [`calls flagged @${s}`, `queries flagged @${s}`, `recall @${s}`]),
      ],
      rows: summaryRows,
    },
    recommendations,
    sections: [
      {
        title: `Queries at scale ${target?.scale ?? '?'} (normal workload and sweep)`,
        markdown: `⚠: p99 at or above the recommended threshold — these normal queries will sometimes be flagged.\n\n${table(['query', 'kind', 'runs', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors'], perQueryRows)}`,
      },
      {
        title: 'Pathological queries (median ms per scale)',
        markdown: table(
          ['query', 'category', ...scales.map((s) => `scale ${s}`), `caught at ${threshold ?? '—'} ms`],
          pathoRows,
        ),
      },
    ],
    plots: plots(r, threshold),
    notes,
    data: {
      workload: { name: r.loaded.workload.name, sha256: r.loaded.hash },
      maxNoise: r.maxNoise,
      concurrency: r.concurrency,
      recommendedMs: threshold,
      curves: r.curves,
      scales: r.runs.map((run) => ({
        scale: run.measurement.scale,
        backgroundCalls: run.backgroundCalls,
        backgroundErrors: run.backgroundErrors,
        normalLatency: summarize(merged(run.measurement.normalWindows)),
        normalHistogram: encodeHistogram(merged(run.measurement.normalWindows)),
        pathological: run.measurement.pathological,
        perQuery: run.perQuery.map((q) => ({
          label: q.label,
          kind: q.kind,
          errors: q.errors,
          ...summarize(q.histogram),
        })),
      })),
    },
  }
}

function plots(r: ReportInput, threshold: number | null): Plot[] {
  const curveRows = r.curves.flatMap((c) =>
    c.points.map((p) => ({
      scale: String(c.scale),
      threshold: p.thresholdMs,
      recall: round(p.recall * 100, 2),
      noise: Math.max(0.01, round(p.noise * 100, 3)),
      noiseMin: Math.max(0.01, round(p.noiseWindows.min * 100, 3)),
      noiseMax: Math.max(0.01, round(p.noiseWindows.max * 100, 3)),
    })),
  )
  const x = {
    field: 'threshold',
    type: 'quantitative',
    title: 'threshold (ms)',
    scale: { type: 'log' },
  } as const
  const thresholdRule =
    threshold === null
      ? []
      : [
          {
            data: { values: [{ threshold }] },
            mark: { type: 'rule', strokeDash: [4, 3], color: '#333' },
            encoding: { x: { field: 'threshold', type: 'quantitative' } },
          },
        ]
  const edges = Array.from({ length: 49 }, (_, k) => round(10 ** ((k - 8) / 8), 4))
  const histRows = r.runs.flatMap((run) => {
    const all = merged(run.measurement.normalWindows)
    const counts = bucketCounts(all, edges)
    return counts.map((n, i) => ({
      scale: String(run.measurement.scale),
      series: 'normal',
      from: edges[i],
      to: edges[i + 1],
      share: all.totalCount ? round((100 * n) / all.totalCount, 3) : 0,
    }))
  })
  const pathoRows = r.runs.flatMap((run) =>
    run.measurement.pathological.flatMap((p) =>
      p.runsMs.map((ms) => ({
        scale: String(run.measurement.scale),
        series: 'pathological',
        ms: round(ms, 1),
        id: p.id,
      })),
    ),
  )
  const ruleRows =
    threshold === null
      ? []
      : r.runs.map((run) => ({ scale: String(run.measurement.scale), series: 'threshold', ms: threshold }))
  return [
    {
      name: 'noise-recall',
      title: 'Noise and recall against the threshold',
      caption: `Top: share of pathological runs caught. Bottom: share of normal tool calls with a query flagged (log scale; the band spans the windows), with the ${pct(r.maxNoise)} limit. Dashed: the recommended threshold.`,
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        vconcat: [
          {
            width: 460,
            height: 170,
            layer: [
              {
                data: { values: curveRows },
                mark: { type: 'line', point: true },
                encoding: {
                  x,
                  y: {
                    field: 'recall',
                    type: 'quantitative',
                    title: 'recall (% of pathological runs caught)',
                    scale: { domain: [0, 100] },
                  },
                  color: {
                    field: 'scale',
                    type: 'ordinal',
                    title: 'data scale',
                    scale: { scheme: 'category10' },
                  },
                },
              },
              ...thresholdRule,
            ],
          },
          {
            width: 460,
            height: 170,
            layer: [
              {
                data: { values: curveRows },
                mark: { type: 'area', opacity: 0.15 },
                encoding: {
                  x,
                  y: { field: 'noiseMin', type: 'quantitative', scale: { type: 'log' } },
                  y2: { field: 'noiseMax' },
                  color: {
                    field: 'scale',
                    type: 'ordinal',
                    title: 'data scale',
                    scale: { scheme: 'category10' },
                  },
                },
              },
              {
                data: { values: curveRows },
                mark: { type: 'line', point: true },
                encoding: {
                  x,
                  y: {
                    field: 'noise',
                    type: 'quantitative',
                    title: 'noise (% of normal calls flagged)',
                    scale: { type: 'log' },
                  },
                  color: {
                    field: 'scale',
                    type: 'ordinal',
                    title: 'data scale',
                    scale: { scheme: 'category10' },
                  },
                },
              },
              {
                data: { values: [{ limit: r.maxNoise * 100 }] },
                mark: { type: 'rule', color: '#c00', strokeDash: [6, 4] },
                encoding: { y: { field: 'limit', type: 'quantitative' } },
              },
              ...thresholdRule,
            ],
          },
        ],
      } as unknown as Plot['spec'],
    },
    {
      name: 'latency-histogram',
      title: 'Latency of normal and pathological queries',
      caption:
        'Bars: distribution of normal query latencies (share of queries per bucket, log-spaced). Red lines: individual pathological runs. Dashed: the recommended threshold.',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        data: { values: [...histRows, ...pathoRows, ...ruleRows] },
        facet: { row: { field: 'scale', type: 'ordinal', title: 'data scale' } },
        spec: {
          width: 520,
          height: 120,
          layer: [
            {
              transform: [{ filter: "datum.series === 'normal' && datum.share > 0" }],
              mark: { type: 'bar', color: '#4c78a8' },
              encoding: {
                x: {
                  field: 'from',
                  type: 'quantitative',
                  title: 'latency (ms)',
                  scale: { type: 'log', domain: [0.1, 20000], nice: false },
                },
                x2: { field: 'to' },
                y: { field: 'share', type: 'quantitative', title: '% of normal queries' },
                y2: { datum: 0 },
              },
            },
            {
              transform: [{ filter: "datum.series === 'pathological'" }],
              mark: { type: 'rule', color: '#d62728', opacity: 0.6 },
              encoding: { x: { field: 'ms', type: 'quantitative' } },
            },
            {
              transform: [{ filter: "datum.series === 'threshold'" }],
              mark: { type: 'rule', color: '#000', strokeDash: [4, 3], strokeWidth: 1.5 },
              encoding: { x: { field: 'ms', type: 'quantitative' } },
            },
          ],
        },
      } as unknown as Plot['spec'],
    },
  ]
}
