import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import pg from 'pg'
import { createPostgresDb, type Db } from '../../../src/data/db.ts'
import { DEMO_USERS } from '../../../src/data/seed/index.ts'
import { guardSql } from '../../../src/data/sql-guard/index.ts'
import type { DataTelemetry } from '../../../src/data/telemetry.ts'
import type { TenantSigner } from '../../../src/data/tenant-context.ts'
import { type Caller, type CallerKind, resolveCaller, type TenantDb } from '../../../src/data/with-tenant.ts'
import { type Config, loadConfig } from '../../../src/infra/config.ts'
import { createLogger } from '../../../src/infra/log.ts'
import { createDatabaseResilience, createTenantCache, poolOptions } from '../../../src/infra/operations.ts'
import type { Services } from '../../../src/protocol/deps.ts'
import { createServer } from '../../../src/protocol/server.ts'
import { ERROR_META_KEY } from '../../../src/protocol/tool-errors.ts'
import { SalesQueryService } from '../../../src/service/sales-query.ts'
import { StorePerformanceService } from '../../../src/service/store-performance.ts'
import { TableSchemaService } from '../../../src/service/table-schemas.ts'
import type { TenantCache } from '../../../src/service/tenant-cache.ts'
import type { PlannedCall, Population } from '../../workload/generator.ts'
import { httpSessions } from './http-sessions.ts'
import { PoolProbe } from './instrumented-db.ts'

/** The application name of the stack's connections, so pg_stat_activity can tell them apart. */
export const APP_NAME = 'zava-bench-app'

export interface CallOutcome {
  ok: boolean
  /** Error code of a failed call (VALIDATION_ERROR, SERVICE_UNAVAILABLE, …) */
  code?: string
}

/** The real server stack in process: services, data layer and pool, one MCP session per caller. */
export interface Stack {
  config: Config
  tdb: TenantDb
  services: Services
  probe: PoolProbe
  population: Population
  /** Tools the server lists (what a workload may call) */
  tools: string[]
  call(planned: PlannedCall): Promise<CallOutcome>
  /**
   * Swaps in a new pg pool of `max` connections; the old one closes once it has served its queue.
   * Servers, sessions and service caches stay, as in a server whose POOL_MAX changed.
   */
  resizePool(max: number): Promise<void>
  /** Resolves once every replaced pool has served its queue and closed. */
  settled(): Promise<void>
  close(): Promise<void>
}

export interface StackOptions {
  /** zava_app's URL: what a deployed server logs in as */
  appUrl: string
  /** Owner URL, to list the users that may call (or give `userIds`) */
  adminUrl?: string
  userIds?: string[]
  signer: TenantSigner
  /** Pool size; a PGlite `db` ignores it */
  poolMax: number
  /** The data's last day: tools resolve periods as if today were that day */
  today: string
  /** Receives every query, as the slow-query monitor does */
  telemetry?: DataTelemetry
  /** Use this database instead of a pg pool on appUrl (PGlite) */
  db?: Db
  /** Callers resolved by an earlier stack on the same dataset */
  population?: Population
  /** How the clients reach the server: in-memory MCP (default) or loopback HTTP */
  transport?: 'memory' | 'http'
}

/**
 * Builds the services the way `openRuntime` does (src/app.ts): the pool from `poolOptions(config)`
 * (acquire timeout, work_mem, JIT, session timeouts) at the asked size and wrapped by a `PoolProbe`,
 * retries and circuit breaker, then one `createServer` ↔ `Client` pair over an in-memory transport
 * per caller (or, with `transport: 'http'`, the HTTP server and one authenticated client per
 * caller), so every call goes through MCP JSON-RPC, argument validation, the tool, the service,
 * `withTenant` and the pool.
 */
export async function buildStack(opts: StackOptions): Promise<Stack> {
  const config = benchConfig()
  const log = createLogger(config.LOG_LEVEL, { write: () => {} })
  const probe = new PoolProbe()
  const makePool = (max: number) =>
    createPostgresDb(opts.appUrl, {
      ...poolOptions(config),
      max,
      min: Math.min(config.POOL_MIN, max),
      applicationName: APP_NAME,
    })
  let raw: Db = opts.db ?? makePool(opts.poolMax)
  const switchable: Db = { kind: raw.kind, acquire: () => raw.acquire(), close: () => raw.close() }
  const tdb: TenantDb = {
    db: probe.wrap(switchable),
    signer: opts.signer,
    timeouts: {
      statementMs: config.STATEMENT_TIMEOUT_MS,
      lockMs: config.LOCK_TIMEOUT_MS,
      idleInTransactionMs: config.IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    resilience: createDatabaseResilience(config, log),
    ...(opts.telemetry ? { telemetry: opts.telemetry } : {}),
  }
  const cache = createTenantCache(config, switchable, { log })
  const services = benchServices(tdb, config, cache)
  const population =
    opts.population ?? (await resolvePopulation(tdb, opts.userIds ?? (await listUserIds(opts.adminUrl!))))
  const now = new Date(`${opts.today}T12:00:00Z`)
  const callers = [...new Set([...population.values()].flatMap((group) => group.all))]
  const sessions = new Map<string, Client>()
  let http: Awaited<ReturnType<typeof httpSessions>> | undefined
  if (opts.transport === 'http') {
    http = await httpSessions({ services, tdb, callers, now, log })
    for (const [id, client] of http.clients) sessions.set(id, client)
  } else {
    for (const caller of callers) {
      const server = createServer({ services, resolveCaller: async () => caller, log, now: () => now })
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
      await server.connect(serverSide)
      const client = new Client({ name: 'zava-bench', version: '1.0.0' })
      await client.connect(clientSide)
      sessions.set(caller.rlsUserId, client)
    }
  }
  const retiring: Promise<void>[] = []
  const anyClient = sessions.values().next().value as Client
  const tools = (await anyClient.listTools()).tools.map((t) => t.name)
  return {
    config,
    tdb,
    services,
    probe,
    population,
    tools,
    async call(planned) {
      const client = sessions.get(planned.caller.rlsUserId)!
      const result = (await client.callTool({
        name: planned.tool,
        arguments: planned.args,
      })) as CallToolResult
      if (!result.isError) return { ok: true }
      const meta = result._meta?.[ERROR_META_KEY] as { code?: string } | undefined
      return { ok: false, code: meta?.code ?? 'TOOL_ERROR' }
    },
    async resizePool(max) {
      if (opts.db) return
      const old = raw as ReturnType<typeof createPostgresDb>
      raw = makePool(max)
      retiring.push(retire(old))
    },
    async settled() {
      await Promise.all(retiring)
    },
    async close() {
      if (http) await http.close()
      else for (const client of sessions.values()) await client.close().catch(() => {})
      probe.dispose()
      await cache?.close()
      await Promise.all(retiring)
      // A database handed in (PGlite) belongs to the caller.
      if (!opts.db) await raw.close()
    },
  }
}

/** Closes a replaced pool once the transactions it still serves (and those queued on it) are done. */
async function retire(db: ReturnType<typeof createPostgresDb>): Promise<void> {
  const { pool } = db
  while (pool.waitingCount > 0 || pool.idleCount < pool.totalCount) await Bun.sleep(20)
  await db.close()
}

/**
 * The configuration the stack runs with: the server's own (environment and defaults: pool acquire
 * timeout, work_mem, JIT, retries, timeouts, row caps), except the tenant cache, off unless
 * CACHE_TTL_MS is set: with it on, the repeated questions of a benchmark skip the database, which
 * measures the cache rather than what the pool and the database must carry.
 */
export function benchConfig(env: Record<string, string | undefined> = process.env): Config {
  return loadConfig({ ...env, DATABASE_URL: undefined, CACHE_TTL_MS: env.CACHE_TTL_MS ?? '0' })
}

/**
 * The services of a server, as `openRuntime` builds them (without semantic search, which needs an
 * embedder). When src/app.ts grows a factory that takes a `Db`, call it here instead.
 */
export function benchServices(tdb: TenantDb, config: Config, cache?: TenantCache): Services {
  return {
    schemas: cache ? new TableSchemaService(tdb, cache) : new TableSchemaService(tdb),
    performance: new StorePerformanceService(tdb, cache),
    queries: new SalesQueryService(tdb, {
      guard: (sql) => guardSql(sql),
      timeoutMs: config.QUERY_TIMEOUT_MS,
      limits: { maxRows: config.QUERY_MAX_ROWS, maxBytes: config.QUERY_MAX_BYTES },
    }),
  }
}

/** Every user of tenancy.users, resolved through the database (kind and stores), by kind. */
export async function resolvePopulation(tdb: TenantDb, ids: readonly string[]): Promise<Population> {
  const demoIds = new Set(Object.values(DEMO_USERS).map((u) => u.rlsUserId))
  const byKind = new Map<CallerKind, { demo: Caller; all: Caller[] }>()
  for (const id of ids) {
    const caller = await resolveCaller(tdb, id)
    const group = byKind.get(caller.kind)
    if (group) group.all.push(caller)
    else byKind.set(caller.kind, { demo: caller, all: [caller] })
    if (demoIds.has(id)) byKind.get(caller.kind)!.demo = caller
  }
  return byKind
}

/** The RLS user ids of tenancy.users, read as the owner. */
export async function listUserIds(adminUrl: string): Promise<string[]> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    return (await admin.query(USERS_SQL)).rows.map((r: { id: string }) => r.id)
  } finally {
    await admin.end()
  }
}

export const USERS_SQL = 'SELECT rls_user_id::text AS id FROM tenancy.users ORDER BY rls_user_id'
