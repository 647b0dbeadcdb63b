import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import type { Lease } from '../../src/data/db.ts'
import { DEMO_USERS } from '../../src/data/seed/index.ts'
import { freePort } from '../../src/infra/provision/ports.ts'
import { ROOT, serverEnv } from '../support/mcp-client.ts'
import { parsePrometheusText } from '../support/prometheus.ts'
import { getRetailDatabase, type RetailDatabase } from '../support/retail-database.ts'
import { ServerProcess, toolError } from '../support/server-process.ts'

let rdb: RetailDatabase
let statsDir: string
const running: ServerProcess[] = []

beforeAll(async () => {
  rdb = await getRetailDatabase()
  statsDir = mkdtempSync(join(tmpdir(), 'zava-stats-'))
})
afterAll(async () => {
  for (const server of running) server.kill('SIGKILL')
  rmSync(statsDir, { recursive: true, force: true })
})

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...serverEnv(rdb, DEMO_USERS.storeManager.rlsUserId),
    EMBEDDINGS_PROVIDER: 'none',
    LOG_LEVEL: 'info',
    STATS_DIR: statsDir,
    ...extra,
  }
}

async function startStdio(extra: Record<string, string> = {}): Promise<ServerProcess> {
  const server = new ServerProcess(env(extra))
  running.push(server)
  await server.initialize()
  return server
}

/** Holds an exclusive lock on retail.orders, so a query on it waits: a call that stays in flight. */
async function lockOrders(): Promise<{ release(): Promise<void> }> {
  const lease: Lease = await rdb.admin.acquire()
  await lease.connection.exec('BEGIN')
  await lease.connection.exec('LOCK TABLE retail.orders IN ACCESS EXCLUSIVE MODE')
  let released = false
  return {
    async release() {
      if (released) return
      released = true
      await lease.connection.exec('COMMIT')
      lease.release()
    },
  }
}

const COUNT_ORDERS = { postgresql_query: 'SELECT count(*) AS n FROM retail.orders' }

describe.skipIf(!rdb_isServer())('graceful shutdown over stdio', () => {
  it('lets the call in flight at SIGTERM complete, then exits 0 within the deadline', async () => {
    const server = await startStdio({ LOCK_TIMEOUT_MS: '8000', SHUTDOWN_TIMEOUT_MS: '5000' })
    const lock = await lockOrders()
    try {
      const call = server.callTool('execute_sales_query', COUNT_ORDERS)
      await Bun.sleep(300)
      const signalled = performance.now()
      server.kill('SIGTERM')
      await server.waitForLog((l) => l.msg === 'shutting down: no new calls')
      await Bun.sleep(400)
      await lock.release()
      const response = await call
      expect(toolError(response)).toBeUndefined()
      expect(
        (response.result as { structuredContent: { row_count: number } }).structuredContent.row_count,
      ).toBe(1)
      expect(await server.exited).toBe(0)
      const ms = performance.now() - signalled
      expect(ms).toBeLessThan(5_000)
      console.log(`[ops] SIGTERM with a call in flight: call completed, exit 0 after ${Math.round(ms)} ms`)
    } finally {
      await lock.release()
    }
  })

  it('answers a call still running at the deadline with SERVICE_UNAVAILABLE and exits 0 within it', async () => {
    const server = await startStdio({ LOCK_TIMEOUT_MS: '20000', SHUTDOWN_TIMEOUT_MS: '1500' })
    const lock = await lockOrders()
    try {
      const call = server.callTool('execute_sales_query', COUNT_ORDERS)
      await Bun.sleep(300)
      const signalled = performance.now()
      server.kill('SIGTERM')
      const response = await call
      expect(toolError(response)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
      expect(await server.exited).toBe(0)
      const ms = performance.now() - signalled
      expect(ms).toBeLessThan(1_500 + 250)
      console.log(
        `[ops] SIGTERM past the deadline: clean SERVICE_UNAVAILABLE, exit 0 after ${Math.round(ms)} ms`,
      )
    } finally {
      await lock.release()
    }
  })

  it('refuses no call before the signal and exits at once on a second signal', async () => {
    const server = await startStdio({ LOCK_TIMEOUT_MS: '20000', SHUTDOWN_TIMEOUT_MS: '10000' })
    const lock = await lockOrders()
    try {
      void server.callTool('execute_sales_query', COUNT_ORDERS)
      await Bun.sleep(300)
      server.kill('SIGTERM')
      await server.waitForLog((l) => l.msg === 'shutting down: no new calls')
      const started = performance.now()
      server.kill('SIGTERM')
      expect(await server.exited).toBe(143)
      expect(performance.now() - started).toBeLessThan(1_000)
    } finally {
      await lock.release()
    }
  })

  it('exits 0 at the end of its input', async () => {
    const server = await startStdio()
    await server.callTool('get_current_utc_date', {})
    server.endInput()
    expect(await server.exited).toBe(0)
  })
})

describe.skipIf(!rdb_isServer())('metrics, statistics and logs of a stdio server', () => {
  let server: ServerProcess
  let metricsUrl: string

  beforeAll(async () => {
    const port = await freePort()
    metricsUrl = `http://127.0.0.1:${port}`
    server = await startStdio({ METRICS_PORT: String(port), LOG_LEVEL: 'debug', SLOW_QUERY_MS: '1' })
  })
  afterAll(async () => {
    server.endInput()
    await server.exited
  })

  it('serves valid Prometheus text on the metrics port, with counters that move after calls', async () => {
    const scrape = async () => parsePrometheusText(await (await fetch(`${metricsUrl}/metrics`)).text())
    const before = await scrape()
    const calls = 'zava_tool_calls_total{tool="execute_sales_query",outcome="ok"}'
    await server.callTool('execute_sales_query', COUNT_ORDERS)
    await server.callTool('execute_sales_query', COUNT_ORDERS)
    await server.callTool('execute_sales_query', { postgresql_query: 'DROP TABLE retail.orders' })
    const after = await scrape()
    expect((after.get(calls) ?? 0) - (before.get(calls) ?? 0)).toBe(2)
    expect(after.get('zava_sql_guard_rejections_total{reason="not_select"}')).toBe(1)
    expect(after.get('zava_tool_errors_total{tool="execute_sales_query",code="VALIDATION_ERROR"}')).toBe(1)
    expect(
      after.get('zava_db_query_duration_seconds_count{query="assistant_sql",outcome="ok"}'),
    ).toBeGreaterThanOrEqual(2)
    expect(after.get('zava_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1)
    expect(after.get('zava_db_circuit_state')).toBe(0)
    expect(after.get('zava_db_slow_queries_total{query="assistant_sql"}')).toBeGreaterThanOrEqual(2)
  })

  it('shows per-query statistics through `zava-mcp stats`, from its file and from its port', async () => {
    await server.callTool('get_store_performance', {
      store_id: '00000000-0000-4000-8000-000000000000',
      period: 'ytd',
    })
    await Bun.sleep(5_200) // the statistics file is rewritten every 5 s
    const cli = (args: string[]) =>
      Bun.spawnSync(['bun', join(ROOT, 'src', 'cli.ts'), 'stats', ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', STATS_DIR: statsDir },
        cwd: ROOT,
      })
    const fromFile = cli([])
    expect(fromFile.exitCode).toBe(0)
    const table = fromFile.stdout.toString()
    expect(table).toContain(`pid ${server.pid}`)
    expect(table).toMatch(/ConfigureTenantTransaction\s+\d+/)
    expect(table).toMatch(/assistant_sql:[0-9a-f]{16}/)
    const fromPort = cli(['--url', metricsUrl, '--json'])
    expect(fromPort.exitCode).toBe(0)
    const [snapshot] = JSON.parse(fromPort.stdout.toString())
    const assistant = snapshot.queries.find((q: { query: string }) => q.query.startsWith('assistant_sql:'))
    expect(assistant).toMatchObject({
      count: expect.any(Number),
      p50_ms: expect.any(Number),
      p95_ms: expect.any(Number),
    })
    expect(assistant.slow).toBeGreaterThanOrEqual(2)
  })

  it('writes only JSON lines to stderr, none holding the password or the connection string', async () => {
    await server.callTool('execute_sales_query', {
      postgresql_query: 'SELECT no_such_column FROM retail.orders',
    })
    await Bun.sleep(100)
    const password = new URL(rdb.appUrl).password
    expect(password.length).toBeGreaterThan(8)
    expect(server.stderrLines.length).toBeGreaterThan(10)
    for (const line of server.stderrLines) {
      expect(() => JSON.parse(line)).not.toThrow()
      expect(line).not.toContain(password)
      expect(line).not.toContain(rdb.appUrl)
      expect(line).not.toContain(rdb.tenantKey)
    }
    const logs = server.logs()
    expect(logs.some((l) => l.msg === 'tool call' && l.code === 'DATABASE_ERROR')).toBe(true)
    expect(logs.some((l) => l.msg === 'slow query' && typeof l.sqlHash === 'string')).toBe(true)
  })
})

describe.skipIf(!rdb_isServer())('start-up', () => {
  it('stops with one clear message naming the failing step and exit code 1 when the database is down', async () => {
    const url = new URL(rdb.appUrl)
    url.port = String(await freePort())
    const server = new ServerProcess(env({ DATABASE_URL: url.toString(), POOL_ACQUIRE_TIMEOUT_MS: '1000' }))
    running.push(server)
    expect(await server.exited).toBe(1)
    const logs = server.logs()
    const fatal = logs.filter((l) => l.level === 60)
    expect(fatal).toHaveLength(1)
    expect(fatal[0]).toMatchObject({ step: 'database' })
    expect(String(fatal[0]!.msg)).toMatch(/^start-up failed at database: .*ECONNREFUSED/)
    expect(server.stderrLines.join('\n')).not.toContain(url.password)
    expect(logs.map((l) => l.step).filter(Boolean)).toEqual([
      'config',
      'logger',
      'tracing',
      'stats',
      'database',
    ])
  })
})

describe.skipIf(!rdb_isServer())('graceful shutdown and metrics over HTTP', () => {
  it('serves /metrics, and lets the call in flight at SIGTERM complete before exiting 0', async () => {
    const port = await freePort()
    const server = new ServerProcess(env({ LOCK_TIMEOUT_MS: '8000', SHUTDOWN_TIMEOUT_MS: '5000' }), [
      '--transport',
      'http',
      '--port',
      String(port),
      '--insecure-dev-identity',
    ])
    running.push(server)
    await server.waitForLog((l) => l.msg === 'serving over HTTP')
    const origin = `http://127.0.0.1:${port}`
    const transport = new StreamableHTTPClientTransport(new URL(`${origin}/mcp`), {
      requestInit: { headers: { 'x-rls-user-id': DEMO_USERS.storeManager.rlsUserId } },
    })
    const client = new Client({ name: 'zava-ops-http', version: '1.0.0' })
    await client.connect(transport)
    const first = (await client.callTool({
      name: 'execute_sales_query',
      arguments: COUNT_ORDERS,
    })) as CallToolResult
    expect(first.isError).toBeFalsy()
    const metrics = parsePrometheusText(await (await fetch(`${origin}/metrics`)).text())
    expect(metrics.get('zava_tool_calls_total{tool="execute_sales_query",outcome="ok"}')).toBe(1)

    const lock = await lockOrders()
    try {
      const call = client.callTool({ name: 'execute_sales_query', arguments: COUNT_ORDERS })
      await Bun.sleep(300)
      const signalled = performance.now()
      server.kill('SIGTERM')
      await server.waitForLog((l) => l.msg === 'shutting down: no new calls')
      const ready = await fetch(`${origin}/readyz`)
      expect(ready.status).toBe(503)
      await Bun.sleep(300)
      await lock.release()
      const result = (await call) as CallToolResult
      expect(result.isError).toBeFalsy()
      expect(await server.exited).toBe(0)
      const ms = performance.now() - signalled
      expect(ms).toBeLessThan(5_000)
      console.log(
        `[ops] HTTP: SIGTERM with a call in flight: call completed, exit 0 after ${Math.round(ms)} ms`,
      )
    } finally {
      await lock.release()
      await client.close().catch(() => {})
    }
  })
})

/** These tests need a server database whose tables an admin can lock (not PGlite's single session). */
function rdb_isServer(): boolean {
  return process.env.ZAVA_DB_BACKEND !== 'embedded'
}
