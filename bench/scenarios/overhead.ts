import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import pg from 'pg'
import { getCategorySales, getSalesSummary, getStore, getTopProducts } from '../../src/data/sales.ts'
import { type Caller, withTenant } from '../../src/data/with-tenant.ts'
import { resolvePeriod } from '../../src/service/periods.ts'
import { callOk, connectStdio } from '../../tests/support/mcp-client.ts'
import { pick } from '../lib/cli.ts'
import { datasetInfo, type ScenarioContext } from '../lib/context.ts'
import { type Histogram, latencyHistogram, recordMs, summarize } from '../lib/histogram.ts'
import type { Plot, ScenarioResult } from '../lib/report/types.ts'
import { table } from '../lib/report/write.ts'
import { buildStack, type Stack } from '../lib/stack/server-stack.ts'
import { round } from '../lib/stats.ts'
import { readCorpus } from '../workload/corpus.ts'

/** The layers a call can be made through, from the bare driver to a server in another process. */
const LAYERS = ['driver', 'withTenant', 'service', 'mcp-memory', 'mcp-stdio'] as const
type Layer = (typeof LAYERS)[number]

const LAYER_HELP: Record<Layer, string> = {
  driver: 'the same SQL on a plain superuser connection: no transaction, no RLS (the floor)',
  withTenant: 'the data access inside `withTenant`: BEGIN READ ONLY, role and signed context, COMMIT',
  service:
    'the service the tool calls (SQL guard, cursor, result shaping; or the typed queries and insights)',
  'mcp-memory':
    'a tool call through the MCP client and `createServer` in the same process (JSON-RPC, zod, render)',
  'mcp-stdio': 'a tool call to `zava-mcp serve` in a subprocess over stdio (pipes, process boundary)',
}

interface Case {
  name: string
  tool: string
  args: Record<string, unknown>
  /** Per layer below MCP: how to make the same call there (absent: not meaningful) */
  direct: Partial<Record<'driver' | 'withTenant' | 'service', () => Promise<unknown>>>
}

/**
 * Latency of the same call through each layer, one call at a time (no contention), as head office so
 * the driver floor reads the same rows as the tenant-scoped layers. Folds in bench/tool-latency.ts.
 */
export async function runOverhead(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { options: o, progress } = ctx
  const calls = pick(undefined, o.profile, { full: 300, quick: 60, smoke: 5 })
  const warmup = pick(undefined, o.profile, { full: 30, quick: 10, smoke: 2 })
  const scale = o.scale ?? pick(undefined, o.profile, { full: 1, quick: 1, smoke: 0.02 })
  const dataset = await ctx.dataset(scale)
  ctx.datasetsUsed.push(datasetInfo(dataset))
  const stack = await buildStack({
    appUrl: dataset.appUrl,
    adminUrl: dataset.adminUrl,
    signer: dataset.signer,
    poolMax: 2,
    today: dataset.today,
  })
  const headOffice = stack.population.get('head_office')!.demo
  const admin = new pg.Client({ connectionString: dataset.adminUrl })
  await admin.connect()
  const stdio = await connectStdio({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: dataset.appUrl,
    ZAVA_TENANT_KEY: dataset.tenantKey,
    ZAVA_RLS_USER_ID: headOffice.rlsUserId,
    LOG_LEVEL: 'warn',
    // Like the in-memory stack: no embedder, so no model to load and no search tool.
    EMBEDDINGS_PROVIDER: 'none',
  })
  const results: { case: string; layer: Layer; histogram: Histogram }[] = []
  try {
    const cases = await overheadCases(stack, headOffice, admin, dataset.today)
    progress.begin(
      cases.length * LAYERS.length,
      `overhead: ${cases.length} calls × ${LAYERS.length} layers, ${calls} calls each, scale ${scale}`,
    )
    for (const c of cases) {
      for (const layer of LAYERS) {
        const run = layerCall(c, layer, stack, headOffice, stdio.client)
        if (!run) {
          progress.stepDone(`${c.name} via ${layer}: not applicable`)
          continue
        }
        for (let i = 0; i < warmup; i++) await run()
        const h = latencyHistogram()
        for (let i = 0; i < calls; i++) {
          const started = performance.now()
          await run()
          recordMs(h, performance.now() - started)
          if (i % 10 === 0) progress.within(i / calls, `${c.name} via ${layer}`)
        }
        results.push({ case: c.name, layer, histogram: h })
        progress.stepDone(`${c.name} via ${layer}: p50 ${summarize(h).p50Ms} ms`)
      }
    }
  } finally {
    await stdio.close()
    await admin.end()
    await stack.close()
  }
  return overheadReport(results, calls, warmup, scale)
}

async function overheadCases(stack: Stack, caller: Caller, admin: pg.Client, today: string): Promise<Case[]> {
  const corpus = await readCorpus('analyst-queries')
  const sqlCase = (id: string): Case => {
    const sql = corpus.find((q) => q.id === id)!.sql.replace(/;\s*$/, '')
    return {
      name: `execute_sales_query (${id})`,
      tool: 'execute_sales_query',
      args: { postgresql_query: sql },
      direct: {
        driver: () => admin.query(sql),
        withTenant: () => withTenant(stack.tdb, caller, (tx) => tx.query(sql), { rollback: true }),
        service: () => stack.services.queries.execute(caller, sql),
      },
    }
  }
  const storeId = caller.storeIds[0]!
  const period = resolvePeriod('last_30_days', today)
  return [
    { name: 'get_current_utc_date', tool: 'get_current_utc_date', args: {}, direct: {} },
    sqlCase('store-directory'),
    sqlCase('monthly-revenue'),
    {
      name: 'get_store_performance (last_30_days)',
      tool: 'get_store_performance',
      args: { store_id: storeId, period: 'last_30_days' },
      direct: {
        withTenant: () =>
          withTenant(stack.tdb, caller, async (tx) => {
            await getStore(tx, storeId)
            await getSalesSummary(tx, storeId, period)
            await getSalesSummary(tx, storeId, period.previous)
            await getTopProducts(tx, storeId, period, 5)
            await getCategorySales(tx, storeId, period, period.previous)
          }),
        service: () => stack.services.performance.get(caller, { storeId, period: 'last_30_days', today }),
      },
    },
    {
      name: 'get_multiple_table_schemas (orders, stores)',
      tool: 'get_multiple_table_schemas',
      args: { table_names: ['retail.orders', 'retail.stores'] },
      direct: { service: () => stack.services.schemas.describe(caller, ['retail.orders', 'retail.stores']) },
    },
  ]
}

function layerCall(
  c: Case,
  layer: Layer,
  stack: Stack,
  caller: Caller,
  stdio: Client,
): (() => Promise<unknown>) | undefined {
  if (layer === 'mcp-memory') return () => stack.call({ label: c.name, tool: c.tool, args: c.args, caller })
  if (layer === 'mcp-stdio') return () => callOk(stdio, c.tool, c.args)
  return c.direct[layer]
}

function overheadReport(
  results: { case: string; layer: Layer; histogram: Histogram }[],
  calls: number,
  warmup: number,
  scale: number,
): ScenarioResult {
  const cases = [...new Set(results.map((r) => r.case))]
  const cell = (name: string, layer: Layer) => results.find((r) => r.case === name && r.layer === layer)
  const rows = cases.map((name) => [
    name,
    ...LAYERS.map((layer) => {
      const r = cell(name, layer)
      return r ? `${summarize(r.histogram).p50Ms} / ${summarize(r.histogram).p99Ms}` : '—'
    }),
  ])
  const added = cases.map((name) => {
    const p50 = (layer: Layer) =>
      cell(name, layer) ? summarize(cell(name, layer)!.histogram).p50Ms : undefined
    const diff = (upper: Layer, lower: Layer) => {
      const a = p50(upper)
      const b = p50(lower)
      return a !== undefined && b !== undefined ? round(a - b, 2) : '—'
    }
    return [
      name,
      diff('withTenant', 'driver'),
      diff('service', 'withTenant'),
      diff('mcp-memory', 'service'),
      diff('mcp-stdio', 'mcp-memory'),
    ]
  })
  const plotRows = results.map((r) => ({
    case: r.case,
    layer: r.layer,
    p50: Math.max(0.01, summarize(r.histogram).p50Ms),
    p99: Math.max(0.01, summarize(r.histogram).p99Ms),
  }))
  const plot: Plot = {
    name: 'layers',
    title: 'Latency of one call through each layer',
    caption: 'Median latency (bar) and p99 (tick) per layer, log scale, one call at a time.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 460,
      data: { values: plotRows },
      facet: {
        row: {
          field: 'case',
          type: 'nominal',
          title: null,
          header: { labelAngle: 0, labelAlign: 'left', labelLimit: 300 },
        },
      },
      spec: {
        width: 460,
        height: { step: 12 },
        layer: [
          {
            mark: 'bar',
            encoding: {
              y: { field: 'layer', type: 'nominal', sort: [...LAYERS], title: null },
              x: { field: 'p50', type: 'quantitative', scale: { type: 'log' }, title: 'latency (ms)' },
              color: { field: 'layer', type: 'nominal', sort: [...LAYERS], legend: null },
            },
          },
          {
            mark: { type: 'tick', color: '#000' },
            encoding: {
              y: { field: 'layer', type: 'nominal', sort: [...LAYERS] },
              x: { field: 'p99', type: 'quantitative' },
            },
          },
        ],
      },
    } as unknown as Plot['spec'],
  }
  return {
    scenario: 'overhead',
    title: `Tool-call overhead by layer, scale ${scale}`,
    method:
      `Each call is made ${calls} times (after ${warmup} unrecorded) through each layer, one at a time, as the head-office user (so the driver floor reads the same rows). ` +
      `Layers: ${LAYERS.map((l) => `**${l}**: ${LAYER_HELP[l]}`).join('; ')}.`,
    summary: { columns: ['call', ...LAYERS.map((l) => `${l} p50/p99 ms`)], rows },
    recommendations: [],
    sections: [
      {
        title: 'Added by each layer (p50, ms)',
        markdown: table(
          [
            'call',
            'withTenant − driver',
            'service − withTenant',
            'MCP in memory − service',
            'stdio − MCP in memory',
          ],
          added,
        ),
      },
    ],
    plots: [plot],
    notes: [],
    data: {
      calls,
      warmup,
      results: results.map((r) => ({ case: r.case, layer: r.layer, ...summarize(r.histogram) })),
    },
  }
}
