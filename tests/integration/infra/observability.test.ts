import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { Writable } from 'node:stream'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { trace } from '@opentelemetry/api'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { DEMO_USERS } from '../../../src/data/seed/index.ts'
import { guardSql } from '../../../src/data/sql-guard/index.ts'
import { type Caller, resolveCaller, type TenantDb } from '../../../src/data/with-tenant.ts'
import { createLogger } from '../../../src/infra/log.ts'
import { Metrics } from '../../../src/infra/metrics.ts'
import { QueryMonitor } from '../../../src/infra/query-monitor.ts'
import { installTracerProvider } from '../../../src/infra/tracing.ts'
import { createServer } from '../../../src/protocol/server.ts'
import { SalesQueryService } from '../../../src/service/sales-query.ts'
import { StorePerformanceService } from '../../../src/service/store-performance.ts'
import { TableSchemaService } from '../../../src/service/table-schemas.ts'
import { getRetailDatabase, type RetailDatabase } from '../../support/retail-database.ts'

const exporter = new InMemorySpanExporter()
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
const lines: Record<string, unknown>[] = []
const log = createLogger(
  'info',
  new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  }),
)

let rdb: RetailDatabase
let caller: Caller
let client: Client
let metrics: Metrics
let monitor: QueryMonitor

beforeAll(async () => {
  installTracerProvider(provider)
  rdb = await getRetailDatabase()
  metrics = new Metrics()
  // Threshold 0: every query is "slow", so the slow-query log and plan capture are exercised.
  monitor = new QueryMonitor({ slowQueryMs: 0, explainSlow: true, explainIntervalMs: 0, log, metrics })
  const tdb: TenantDb = { ...rdb.tdb, telemetry: monitor }
  caller = await resolveCaller(rdb.tdb, DEMO_USERS.storeManager.rlsUserId)
  const server = createServer({
    services: {
      schemas: new TableSchemaService(tdb),
      performance: new StorePerformanceService(tdb),
      queries: new SalesQueryService(tdb, {
        guard: (sql) => guardSql(sql),
        timeoutMs: 5_000,
        limits: { maxRows: 100, maxBytes: 100_000 },
      }),
    },
    resolveCaller: async () => caller,
    log,
    metrics,
    queryStats: () => monitor.snapshot(),
  })
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
  await server.connect(serverSide)
  client = new Client({ name: 'observability-test', version: '1.0.0' })
  await client.connect(clientSide)
})

afterAll(async () => {
  await client?.close()
  await provider.shutdown()
  trace.disable()
})

const call = async (name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult

describe('observability of tool calls', () => {
  it('traces a tool call as a span whose children are its named database queries', async () => {
    exporter.reset()
    const result = await call('get_store_performance', { store_id: caller.storeIds[0], period: 'last_month' })
    expect(result.isError).toBeFalsy()
    const spans = exporter.getFinishedSpans()
    const tool = spans.find((s) => s.name === 'tools/call get_store_performance')
    expect(tool).toBeDefined()
    expect(tool!.attributes['zava.caller.kind']).toBe('store_manager')
    const children = spans.filter((s) => s.parentSpanContext?.spanId === tool!.spanContext().spanId)
    const names = children.map((s) => s.name)
    expect(names).toContain('ConfigureTenantTransaction')
    expect(names).toContain('GetStore')
    expect(names).toContain('GetStoreSalesSummary')
    for (const span of children) {
      expect(span.spanContext().traceId).toBe(tool!.spanContext().traceId)
      expect(span.attributes['db.system.name']).toBe('postgresql')
      // Never the SQL text or its values on a span: names and hashes only.
      expect(JSON.stringify(span.attributes)).not.toContain(caller.storeIds[0]!)
    }
  })

  it('marks a failed call on its span with the error code', async () => {
    exporter.reset()
    const result = await call('execute_sales_query', { postgresql_query: 'DELETE FROM retail.orders' })
    expect(result.isError).toBe(true)
    const span = exporter.getFinishedSpans().find((s) => s.name === 'tools/call execute_sales_query')
    expect(span?.attributes['error.type']).toBe('VALIDATION_ERROR')
  })

  it('logs one line per call with the caller kind, a hashed caller id, rows, outcome and code', async () => {
    lines.length = 0
    await call('execute_sales_query', { postgresql_query: 'SELECT store_id FROM retail.stores' })
    await call('execute_sales_query', { postgresql_query: 'SELECT nope FROM retail.stores' })
    const calls = lines.filter((l) => l.msg === 'tool call')
    expect(calls).toHaveLength(2)
    expect(calls[0]).toMatchObject({
      tool: 'execute_sales_query',
      callerKind: 'store_manager',
      callerId: expect.stringMatching(/^[0-9a-f]{16}$/),
      rows: 1,
      outcome: 'ok',
      requestId: expect.any(String),
      durationMs: expect.any(Number),
    })
    expect(calls[1]).toMatchObject({ outcome: 'error', code: 'DATABASE_ERROR' })
    expect(JSON.stringify(calls)).not.toContain(caller.rlsUserId)
  })

  it('logs slow queries by name (typed) or hash and prefix (assistant SQL), with a plan for assistant SQL', async () => {
    lines.length = 0
    await call('execute_sales_query', { postgresql_query: 'SELECT count(*) FROM retail.orders' })
    await Bun.sleep(300) // the plan is captured after the call, off its path
    const slow = lines.filter((l) => l.msg === 'slow query')
    expect(slow.map((l) => l.query)).toContain('ConfigureTenantTransaction')
    const assistant = slow.find((l) => l.query === 'assistant_sql')
    expect(assistant).toMatchObject({
      sqlHash: expect.stringMatching(/^[0-9a-f]{16}$/),
      sqlPrefix: 'SELECT count(*) FROM retail.orders',
      callerKind: 'store_manager',
      rows: 1,
    })
    const plan = lines.find((l) => l.msg === 'slow query plan')
    expect(String(plan?.plan)).toMatch(/Aggregate|Scan/)
  })

  it('keeps per-query statistics and serves them to head office as stats://zava/queries', async () => {
    const stats = monitor.snapshot()
    const summary = stats.queries.find((q) => q.query === 'GetStoreSalesSummary')
    expect(summary?.count).toBeGreaterThanOrEqual(2)
    expect(summary?.p95_ms).toBeGreaterThan(0)
    // The demo store manager may not read them.
    await expect(client.readResource({ uri: 'stats://zava/queries' })).rejects.toThrow(/AUTHORIZATION_ERROR/)
    const headOffice = await resolveCaller(rdb.tdb, DEMO_USERS.headOffice.rlsUserId)
    const previous = caller
    caller = headOffice
    try {
      const resource = await client.readResource({ uri: 'stats://zava/queries' })
      const body = JSON.parse(String((resource.contents[0] as { text: string }).text))
      expect(body.queries.map((q: { query: string }) => q.query)).toContain('GetStoreSalesSummary')
    } finally {
      caller = previous
    }
  })

  it('counts calls, errors, guard rejections and query durations in Prometheus metrics', async () => {
    const text = await metrics.text()
    expect(text).toMatch(/zava_tool_calls_total\{tool="execute_sales_query",outcome="ok"\} \d+/)
    expect(text).toContain('zava_tool_errors_total{tool="execute_sales_query",code="VALIDATION_ERROR"}')
    expect(text).toContain('zava_sql_guard_rejections_total{reason="not_select"} 1')
    expect(text).toMatch(/zava_db_query_duration_seconds_count\{query="GetStore",outcome="ok"\} \d+/)
    expect(text).toMatch(/zava_db_query_duration_seconds_count\{query="assistant_sql",outcome="ok"\} \d+/)
  })
})
