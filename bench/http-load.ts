#!/usr/bin/env bun
/**
 * Loopback load test of the HTTP transport: N concurrent SDK clients (each its own token, spread
 * over the three demo identities) call a mix of tools for a fixed time against an in-process
 * server on a real PostgreSQL (the test database provisioner: ZAVA_DB_BACKEND), in stateful and
 * stateless mode. Reports calls/s, latency percentiles and errors, and checks that nothing leaks:
 * pool connections in use, live sessions and open HTTP requests must be back to zero afterwards.
 *
 *   bun bench/http-load.ts [--clients 32] [--duration 30] [--quick] [--mode stateful|stateless|both]
 *                          [--json FILE]
 *
 * Also measures what stateless mode pays per request for building its server and transport
 * (SDK 1.x serves one request per transport).
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { DEMO_USERS } from '../src/data/seed/index.ts'
import { createLogger } from '../src/infra/log.ts'
import { callerFromAuthInfo } from '../src/protocol/http/identity.ts'
import { createServer } from '../src/protocol/server.ts'
import { startTestHttpServer } from '../tests/support/http-server.ts'
import { adminQuery, getRetailDatabase, type RetailDatabase } from '../tests/support/retail-database.ts'
import { stopTestDatabase } from '../tests/support/test-database.ts'
import { hs256Token, TEST_JWT_SECRET } from '../tests/support/tokens.ts'

const AUDIENCE = 'urn:zava-mcp:bench'
type Who = keyof typeof DEMO_USERS
const IDENTITIES: Who[] = ['storeManager', 'regionalManager', 'headOffice']

interface Call {
  tool: string
  weight: number
  args: (stores: string[], i: number) => Record<string, unknown>
}

/** The mix: mostly assistant SQL and store reports, some schema look-ups, a trivial call. */
const MIX: Call[] = [
  {
    tool: 'execute_sales_query',
    weight: 40,
    args: () => ({
      postgresql_query:
        'SELECT store_id::text, count(*) AS orders, sum(total_amount) AS revenue FROM retail.orders GROUP BY 1 ORDER BY 1',
    }),
  },
  {
    tool: 'get_store_performance',
    weight: 30,
    args: (stores, i) => ({ store_id: stores[i % stores.length], period: 'last_quarter' }),
  },
  {
    tool: 'get_multiple_table_schemas',
    weight: 20,
    args: () => ({ table_names: ['retail.orders', 'retail.stores'] }),
  },
  { tool: 'get_current_utc_date', weight: 10, args: () => ({}) },
]

interface ModeResult {
  mode: 'stateful' | 'stateless'
  clients: number
  durationS: number
  calls: number
  callsPerS: number
  errors: number
  errorSamples: string[]
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number }
  perTool: Record<string, { calls: number; p50: number; p99: number }>
  connectMs: { p50: number; max: number }
  leaks: {
    before: { poolInUse: number; sessions: number; pendingRequests: number }
    after: { poolInUse: number; poolWaiting: number; sessions: number; pendingRequests: number }
    ok: boolean
  }
}

async function main() {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: {
      clients: { type: 'string', default: '32' },
      duration: { type: 'string', default: '30' },
      quick: { type: 'boolean', default: false },
      mode: { type: 'string', default: 'both' },
      json: { type: 'string' },
    },
  })
  const clients = Number(values.clients)
  const durationS = values.quick ? 5 : Number(values.duration)
  const modes =
    values.mode === 'both' ? (['stateful', 'stateless'] as const) : [values.mode as 'stateful' | 'stateless']
  const say = (line: string) => process.stderr.write(`${line}\n`)

  const rdb = await getRetailDatabase()
  say(`database: ${rdb.backend}; ${clients} clients × ${durationS} s per mode`)
  const results: ModeResult[] = []
  try {
    const stores = await visibleStores(rdb)
    for (const mode of modes) {
      const result = await runMode(rdb, mode, clients, durationS, stores)
      results.push(result)
      say(describe(result))
    }
    const build = await measureServerBuild(rdb)
    say(
      `stateless per-request server + transport: build+connect ${build.buildUs} µs, close ${build.closeUs} µs (mean of ${build.n})`,
    )
    const report = { at: new Date().toISOString(), backend: rdb.backend, results, statelessBuild: build }
    if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`)
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    if (results.some((r) => !r.leaks.ok)) {
      say('LEAK: connections, sessions or requests were left open')
      process.exitCode = 1
    }
  } finally {
    await rdb.app.close().catch(() => {})
    await stopTestDatabase()
  }
}

async function runMode(
  rdb: RetailDatabase,
  mode: 'stateful' | 'stateless',
  clientCount: number,
  durationS: number,
  stores: Record<Who, string[]>,
): Promise<ModeResult> {
  const http = await startTestHttpServer(
    rdb,
    { JWT_SECRET: TEST_JWT_SECRET, JWT_AUDIENCE: AUDIENCE, RATE_LIMIT_PER_MINUTE: '0', POOL_MAX: '10' },
    { stateless: mode === 'stateless' },
  )
  const pool = () => http.runtime.tdb.db.stats?.() ?? { total: 0, idle: 0, waiting: 0 }
  try {
    const before = {
      poolInUse: pool().total - pool().idle,
      sessions: http.server.sessionCount(),
      pendingRequests: http.server.pendingRequests(),
    }
    const connectTimes: number[] = []
    const sessions = await Promise.all(
      Array.from({ length: clientCount }, async (_, i) => {
        const who = IDENTITIES[i % IDENTITIES.length]!
        const token = await hs256Token({ sub: DEMO_USERS[who].rlsUserId, aud: AUDIENCE, expiresInS: 3600 })
        const transport = new StreamableHTTPClientTransport(http.url, {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        })
        const client = new Client({ name: `bench-${i}`, version: '1.0.0' })
        const started = performance.now()
        await client.connect(transport)
        connectTimes.push(performance.now() - started)
        return { client, transport, who }
      }),
    )
    const latencies: number[] = []
    const perTool = new Map<string, number[]>()
    const errorSamples: string[] = []
    let errors = 0
    const started = performance.now()
    const deadline = started + durationS * 1000
    const totalWeight = MIX.reduce((sum, call) => sum + call.weight, 0)
    await Promise.all(
      sessions.map(async ({ client, who }, c) => {
        for (let i = c; performance.now() < deadline; i++) {
          const call = pick(MIX, (i * 7919) % totalWeight)
          const t0 = performance.now()
          try {
            const result = (await client.callTool({
              name: call.tool,
              arguments: call.args(stores[who], i),
            })) as CallToolResult
            if (result.isError) {
              errors++
              if (errorSamples.length < 5)
                errorSamples.push(`${call.tool}: ${JSON.stringify(result.content)}`)
            }
          } catch (err) {
            errors++
            if (errorSamples.length < 5) errorSamples.push(`${call.tool}: ${String(err)}`)
          }
          const ms = performance.now() - t0
          latencies.push(ms)
          const samples = perTool.get(call.tool) ?? []
          samples.push(ms)
          perTool.set(call.tool, samples)
        }
      }),
    )
    const elapsedS = (performance.now() - started) / 1000
    await Promise.all(
      sessions.map(async ({ client, transport }) => {
        if (mode === 'stateful') await transport.terminateSession()
        await client.close()
      }),
    )
    // Let closed sockets and released connections settle before counting what is left.
    await Bun.sleep(200)
    const after = {
      poolInUse: pool().total - pool().idle,
      poolWaiting: pool().waiting,
      sessions: http.server.sessionCount(),
      pendingRequests: http.server.pendingRequests(),
    }
    const sorted = [...latencies].sort((a, b) => a - b)
    return {
      mode,
      clients: clientCount,
      durationS,
      calls: latencies.length,
      callsPerS: round(latencies.length / elapsedS),
      errors,
      errorSamples,
      latencyMs: {
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: round(sorted.at(-1) ?? 0),
        mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
      },
      perTool: Object.fromEntries(
        [...perTool].map(([tool, ms]) => {
          const s = ms.sort((a, b) => a - b)
          return [tool, { calls: s.length, p50: percentile(s, 50), p99: percentile(s, 99) }]
        }),
      ),
      connectMs: {
        p50: percentile(
          [...connectTimes].sort((a, b) => a - b),
          50,
        ),
        max: round(Math.max(...connectTimes)),
      },
      leaks: {
        before,
        after,
        ok:
          after.poolInUse === 0 &&
          after.poolWaiting === 0 &&
          after.sessions === 0 &&
          after.pendingRequests === 0,
      },
    }
  } finally {
    await http.close()
  }
}

/** What stateless mode adds per request: a fresh McpServer (tools registered) and transport. */
async function measureServerBuild(rdb: RetailDatabase) {
  const http = await startTestHttpServer(rdb, { JWT_SECRET: TEST_JWT_SECRET, JWT_AUDIENCE: AUDIENCE })
  try {
    const deps = {
      services: http.runtime.services,
      resolveCaller: callerFromAuthInfo,
      log: createLogger('silent'),
    }
    const n = 2_000
    let build = 0
    let close = 0
    for (let i = 0; i < n; i++) {
      const t0 = performance.now()
      const server = createServer(deps)
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined })
      await server.connect(transport)
      const t1 = performance.now()
      await server.close()
      build += t1 - t0
      close += performance.now() - t1
    }
    return { n, buildUs: Math.round((build / n) * 1000), closeUs: Math.round((close / n) * 1000) }
  } finally {
    await http.close()
  }
}

async function visibleStores(rdb: RetailDatabase): Promise<Record<Who, string[]>> {
  const of = async (who: Who) =>
    (
      await adminQuery<{ store_id: string }>(
        rdb.admin,
        `SELECT store_id::text FROM tenancy.store_managers WHERE rls_user_id = $1
         UNION SELECT s.store_id::text FROM retail.stores s JOIN tenancy.regional_managers r USING (region_id)
               WHERE r.rls_user_id = $1
         UNION SELECT store_id::text FROM retail.stores WHERE $1 = $2
         ORDER BY 1`,
        [DEMO_USERS[who].rlsUserId, DEMO_USERS.headOffice.rlsUserId],
      )
    ).map((r) => r.store_id)
  return {
    storeManager: await of('storeManager'),
    regionalManager: await of('regionalManager'),
    headOffice: await of('headOffice'),
  }
}

function pick(mix: Call[], n: number): Call {
  let rest = n
  for (const call of mix) {
    if (rest < call.weight) return call
    rest -= call.weight
  }
  return mix[0]!
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!)
}

const round = (n: number) => Math.round(n * 100) / 100

function describe(r: ModeResult): string {
  return [
    `${r.mode}: ${r.calls} calls in ${r.durationS} s = ${r.callsPerS} calls/s, errors ${r.errors}`,
    `  latency ms p50 ${r.latencyMs.p50} p95 ${r.latencyMs.p95} p99 ${r.latencyMs.p99} max ${r.latencyMs.max}`,
    `  connect ms p50 ${r.connectMs.p50} max ${r.connectMs.max}`,
    `  leaks: ${r.leaks.ok ? 'none' : 'FOUND'} (after: pool in use ${r.leaks.after.poolInUse}, waiting ${r.leaks.after.poolWaiting}, sessions ${r.leaks.after.sessions}, open requests ${r.leaks.after.pendingRequests})`,
    ...r.errorSamples.map((e) => `  error: ${e.slice(0, 200)}`),
  ].join('\n')
}

await main()
