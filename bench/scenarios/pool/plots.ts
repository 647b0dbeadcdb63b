import type { Plot } from '../../lib/report/types.ts'
import type { PoolCell, PoolRecommendation } from './analysis.ts'

const WIDTH = 420
const HEIGHT = 260
const poolAxis = {
  field: 'pool',
  type: 'quantitative',
  title: 'pool size (max connections)',
  scale: { type: 'log', base: 2 },
  axis: { values: [1, 2, 4, 8, 16, 32, 64] },
} as const
const concurrencyColor = {
  field: 'concurrency',
  type: 'ordinal',
  title: 'concurrent callers',
  scale: { scheme: 'category10' },
} as const

/** Throughput and p99 against pool size (one line per concurrency), pool waits and CPU attribution. */
export function poolPlots(cells: PoolCell[], rec: PoolRecommendation, targetP99Ms: number): Plot[] {
  const rows = cells.map((c) => ({
    pool: c.pool,
    concurrency: c.concurrency,
    throughput: c.throughput.median,
    throughputMin: c.throughput.min,
    throughputMax: c.throughput.max,
    p99: Math.max(0.1, c.p99Ms.median),
    p99Min: Math.max(0.1, c.p99Ms.min),
    p99Max: Math.max(0.1, c.p99Ms.max),
    wait: Math.max(0.01, c.waitMeanMs.median),
    waitShare: Math.round(c.waitShare * 1000) / 10,
  }))
  const named = [
    ...(rec.pool !== null ? [{ pool: rec.pool, label: 'recommended' }] : []),
    ...(rec.ruleOfThumb !== null ? [{ pool: rec.ruleOfThumb, label: 'rule of thumb' }] : []),
    { pool: rec.reference, label: 'reference' },
  ]
  // One dashed line per pool size, its names joined: "recommended = rule of thumb (4)".
  const marks = [...new Set(named.map((m) => m.pool))].map((pool) => ({
    pool,
    label: `${named
      .filter((m) => m.pool === pool)
      .map((m) => m.label)
      .join(' = ')} (${pool})`,
  }))
  const markLayers = [
    {
      data: { values: marks },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#888' },
      encoding: { x: { field: 'pool', type: 'quantitative' } },
    },
    {
      data: { values: marks },
      mark: {
        type: 'text',
        angle: 270,
        align: 'right',
        baseline: 'bottom',
        dx: -4,
        dy: -2,
        fontSize: 9,
        color: '#555',
      },
      encoding: { x: { field: 'pool', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
    },
  ]
  const top = Math.max(...cells.map((c) => c.concurrency))
  const cpuRows = cells
    .filter((c) => c.concurrency === top)
    .flatMap((c) => [
      { pool: String(c.pool), part: 'PostgreSQL', cores: c.cpuPostgres?.median ?? 0 },
      {
        pool: String(c.pool),
        part: 'zava-mcp process (server and load generator)',
        cores: c.cpuBench.median,
      },
      {
        pool: String(c.pool),
        part: c.cpuPostgres ? 'other work on the machine (noise)' : 'database and other work',
        cores: c.cpuOther.median,
      },
    ])
  return [
    {
      name: 'throughput',
      title: 'Throughput against pool size',
      caption:
        'Median calls per second over the repetitions; the bars span the slowest and fastest repetition.',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: WIDTH,
        height: HEIGHT,
        data: { values: rows },
        layer: [
          {
            mark: { type: 'line', point: true },
            encoding: {
              x: poolAxis,
              y: { field: 'throughput', type: 'quantitative', title: 'calls per second' },
              color: concurrencyColor,
            },
          },
          {
            mark: 'rule',
            encoding: {
              x: poolAxis,
              y: { field: 'throughputMin', type: 'quantitative' },
              y2: { field: 'throughputMax' },
              color: concurrencyColor,
            },
          },
          ...markLayers,
        ],
      } as unknown as Plot['spec'],
    },
    {
      name: 'p99',
      title: 'p99 latency against pool size',
      caption: `Median p99 of tool calls (log scale); the dashed horizontal line is the target (${targetP99Ms} ms).`,
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: WIDTH,
        height: HEIGHT,
        layer: [
          {
            data: { values: rows },
            layer: [
              {
                mark: { type: 'line', point: true },
                encoding: {
                  x: poolAxis,
                  y: {
                    field: 'p99',
                    type: 'quantitative',
                    title: 'p99 latency (ms)',
                    scale: { type: 'log' },
                  },
                  color: concurrencyColor,
                },
              },
              {
                mark: 'rule',
                encoding: {
                  x: poolAxis,
                  y: { field: 'p99Min', type: 'quantitative' },
                  y2: { field: 'p99Max' },
                  color: concurrencyColor,
                },
              },
            ],
          },
          {
            data: { values: [{ target: targetP99Ms }] },
            mark: { type: 'rule', strokeDash: [6, 4], color: '#c00' },
            encoding: { y: { field: 'target', type: 'quantitative' } },
          },
        ],
      } as unknown as Plot['spec'],
    },
    {
      name: 'pool-wait',
      title: 'Time waiting for a connection',
      caption:
        'Mean time a call waited in the pool for a connection (log scale); the label is its share of the mean call latency.',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: WIDTH,
        height: HEIGHT,
        data: { values: rows },
        layer: [
          {
            mark: { type: 'line', point: true },
            encoding: {
              x: poolAxis,
              y: {
                field: 'wait',
                type: 'quantitative',
                title: 'mean pool wait (ms)',
                scale: { type: 'log' },
              },
              color: concurrencyColor,
            },
          },
          {
            mark: { type: 'text', dy: -8, fontSize: 8 },
            encoding: {
              x: poolAxis,
              y: { field: 'wait', type: 'quantitative' },
              text: { field: 'waitShare', format: '.0f' },
              color: concurrencyColor,
            },
          },
        ],
      } as unknown as Plot['spec'],
    },
    {
      name: 'cpu',
      title: `Where the CPU went at ${top} concurrent callers`,
      caption:
        "Cores used, by process, per pool size: when the bars reach the machine's core count, more connections cannot add throughput.",
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: WIDTH,
        height: HEIGHT,
        data: { values: cpuRows },
        mark: 'bar',
        encoding: {
          x: { field: 'pool', type: 'ordinal', title: 'pool size', sort: cells.map((c) => String(c.pool)) },
          y: { field: 'cores', type: 'quantitative', title: 'cores used', stack: 'zero' },
          color: {
            field: 'part',
            type: 'nominal',
            title: null,
            legend: { orient: 'bottom', columns: 1, labelLimit: 400 },
          },
        },
      } as unknown as Plot['spec'],
    },
  ]
}
