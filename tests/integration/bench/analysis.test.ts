import { describe, expect, it } from 'bun:test'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { latencyHistogram, recordMs } from '../../../bench/lib/histogram.ts'
import { spreadOf } from '../../../bench/lib/stats.ts'
import { type PoolCell, recommendPool } from '../../../bench/scenarios/pool/analysis.ts'
import { thresholdCurve } from '../../../bench/scenarios/slow-query/analysis.ts'
import { parseCorpus, readCorpus } from '../../../bench/workload/corpus.ts'
import { loadWorkload } from '../../../bench/workload/generator.ts'

const s = (median: number) => spreadOf([median])

function cell(
  pool: number,
  concurrency: number,
  throughput: number,
  p99: number,
  extra: Partial<PoolCell> = {},
): PoolCell {
  return {
    pool,
    concurrency,
    throughput: s(throughput),
    p50Ms: s(p99 / 3),
    p95Ms: s(p99 / 1.5),
    p99Ms: s(p99),
    meanMs: s(p99 / 3),
    calls: 100,
    errorRate: 0,
    errors: {},
    waitMeanMs: s(0),
    waitP99Ms: s(0),
    waitShare: 0,
    holdMeanMs: s(10),
    poolInUse: s(pool),
    poolWaiting: s(0),
    dbActiveOnCpu: s(Math.min(pool, 2)),
    dbActiveWaiting: s(0),
    dbIdleInTransaction: s(0),
    dbMaxActive: pool,
    cpuMachine: s(2),
    cpuBench: s(0.3),
    cpuPostgres: s(1.5),
    cpuOther: s(0.2),
    ...extra,
  }
}

const criteria = { targetP99Ms: 1000, tolerance: 0.05, maxErrorRate: 0.001, cores: 2, effectiveSpindles: 0 }

describe('recommendPool', () => {
  it('picks the smallest pool within 5 % of the best throughput that meets the p99 target', () => {
    const cells = [cell(1, 16, 50, 900), cell(2, 16, 80, 800), cell(4, 16, 98, 700), cell(8, 16, 100, 750)]
    const rec = recommendPool(cells, criteria)
    expect(rec.pool).toBe(4)
    expect(rec.ruleOfThumb).toBe(4)
    expect(rec.reference).toBe(10)
  })

  it('compares pools pass by pass, so a burst of other work in one pass does not decide', () => {
    // Medians: 40 against 45 (11 % apart); pass by pass pool 4 keeps 96 % of pool 8's throughput.
    const four = cell(4, 16, 40, 800, { passThroughput: [50, 30, 40] })
    const eight = cell(8, 16, 45, 800, { passThroughput: [52, 31, 45] })
    const rec = recommendPool([four, eight], criteria)
    expect(rec.pool).toBe(4)
    expect(rec.perConcurrency[0]!.relative[0]!.ratio).toBeCloseTo(0.96, 2)
  })

  it('skips pools whose p99 misses the target or that fail calls', () => {
    const cells = [
      cell(2, 16, 99, 1500),
      cell(4, 16, 100, 900, { errorRate: 0.05 }),
      cell(8, 16, 98, 950),
      cell(16, 16, 97, 990),
    ]
    expect(recommendPool(cells, criteria).pool).toBe(8)
  })

  it('sizes for the concurrency level that needs the most connections, and says which one', () => {
    const cells = [cell(2, 4, 100, 200), cell(8, 4, 100, 200), cell(2, 64, 60, 900), cell(8, 64, 100, 900)]
    const rec = recommendPool(cells, criteria)
    expect(rec.pool).toBe(8)
    expect(rec.decidedBy).toEqual([64])
  })

  it('recommends nothing, with a reason, when no pool meets the target at any level', () => {
    const rec = recommendPool([cell(2, 64, 100, 5000), cell(8, 64, 100, 4000)], criteria)
    expect(rec.pool).toBeNull()
    expect(rec.perConcurrency[0]!.reason).toContain('no pool size meets p99')
  })

  it('calls a pool the limit while callers queue and fewer backends run than there are cores', () => {
    const poolBound = cell(1, 64, 20, 900, { waitShare: 0.8, dbActiveOnCpu: s(0.9) })
    const cpuBound = cell(16, 64, 40, 900, { waitShare: 0.1, dbActiveOnCpu: s(3.5) })
    const rec = recommendPool([poolBound, cpuBound], criteria)
    expect(rec.perConcurrency[0]!.limits).toEqual([
      { pool: 1, limit: 'pool' },
      { pool: 16, limit: 'database-cpu' },
    ])
    expect(rec.explanation.join(' ')).toContain('run queue')
  })
})

describe('thresholdCurve', () => {
  const histogramOf = (values: number[]) => {
    const h = latencyHistogram()
    for (const v of values) recordMs(h, v)
    return h
  }
  // 1,000 normal calls: most fast, 5 at 300 ms; pathological runs at 800 ms and 2 s.
  const normal = histogramOf([...Array(995).fill(20), ...Array(5).fill(300)])
  const measurement = {
    scale: 1,
    normalWindows: [normal],
    callWindows: [normal],
    pathological: [
      { id: 'a', category: 'cartesian', runsMs: [800, 850], timedOut: 0 },
      { id: 'b', category: 'expensive-regex', runsMs: [2000], timedOut: 0 },
    ],
  }

  it('measures noise as the share of normal calls above the threshold and recall as the share of pathological runs caught', () => {
    const curve = thresholdCurve(measurement, 0.01, [10, 100, 500, 1000, 5000])
    const at = (t: number) => curve.points.find((p) => p.thresholdMs === t)!
    expect(at(10).noise).toBe(1)
    expect(at(100).noise).toBeCloseTo(0.005, 3)
    expect(at(500).recall).toBe(1)
    expect(at(1000).recall).toBeCloseTo(1 / 3, 3)
    expect(at(5000).recall).toBe(0)
  })

  it('recommends the middle of the range that keeps noise under the limit with the best recall', () => {
    const curve = thresholdCurve(measurement, 0.01, [10, 100, 200, 500, 750, 1000])
    expect(curve.band).toEqual({ lowMs: 100, highMs: 750, recall: 1 })
    expect(curve.recommendedMs).toBe(200)
  })

  it('recommends nothing when every candidate flags too many normal calls', () => {
    const curve = thresholdCurve(measurement, 0.001, [10, 100])
    expect(curve.recommendedMs).toBeNull()
  })
})

describe('corpora and workloads', () => {
  it('ships at least 25 analyst queries and a labelled pathological set covering every category', async () => {
    expect((await readCorpus('analyst-queries')).length).toBeGreaterThanOrEqual(25)
    const categories = new Set((await readCorpus('pathological-queries')).map((q) => q.category))
    expect([...categories].sort()).toEqual([
      'cartesian',
      'expensive-regex',
      'huge-result',
      'missing-index',
      'unbounded-sort',
    ])
  })

  it('refuses a corpus entry without a title, naming it', () => {
    expect(() => parseCorpus('-- @id no-title\nSELECT 1;', 'test.sql')).toThrow(/no-title.*title/)
  })

  it('validates the shipped workloads, and refuses one whose SQL generator selects nothing', async () => {
    for (const name of ['default', 'heavy-analytics', 'light-lookups']) {
      expect((await loadWorkload(name)).workload.name).toBe(name)
    }
    const path = join(tmpdir(), `zava-bench-workload-${process.pid}.json`)
    await Bun.write(
      path,
      JSON.stringify({
        name: 'broken',
        description: 'selects no query',
        callers: [{ kind: 'head_office', weight: 1 }],
        mix: [
          {
            tool: 'execute_sales_query',
            weight: 1,
            args: { postgresql_query: { gen: 'sql', tags: ['nope'] } },
          },
        ],
      }),
    )
    try {
      await expect(loadWorkload(path)).rejects.toThrow(/selects no query/)
    } finally {
      await Bun.file(path).delete()
    }
  })
})
