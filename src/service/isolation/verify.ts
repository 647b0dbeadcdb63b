import fc from 'fast-check'
import type { Db } from '../../data/db.ts'
import { resolveCaller, type TenantDb } from '../../data/with-tenant.ts'
import { ConfigurationError, ZavaError } from '../../errors.ts'
import { adminRead } from './admin-read.ts'
import {
  buildServices,
  type IsolationContext,
  type IsolationTarget,
  onBareConnection,
  RESULT_LIMITS,
  readBaseline,
} from './context.ts'
import type { IsolationHooks } from './hooks.ts'
import { loadIsolationModel, type TenantSelection } from './model.ts'
import { cacheIsolation } from './properties/cache-and-search.ts'
import { carryOverIsolation } from './properties/carry-over.ts'
import { applicableFaults, faultIsolation } from './properties/faults.ts'
import { aggregateIsolation, rowIsolation } from './properties/sql-rows.ts'
import { storePerformanceIsolation, tableSchemaIsolation } from './properties/typed-tools.ts'
import type { AnyIsolationProperty } from './property.ts'
import type { IsolationReport, PropertyReport } from './report.ts'
import { createScratchTenants, type ScratchTenants } from './scratch-tenants.ts'

/** Every property, in report order. */
export const ISOLATION_PROPERTIES: readonly AnyIsolationProperty[] = [
  rowIsolation,
  aggregateIsolation,
  storePerformanceIsolation,
  tableSchemaIsolation,
  carryOverIsolation,
  cacheIsolation,
  faultIsolation,
]

export interface VerifyOptions {
  /** Generated cases per property. */
  runs: number
  /** fast-check seed: the same seed, data and tenants give the same cases. */
  seed: number
  /** Property ids to run (default: all). */
  properties?: readonly string[]
  /** fast-check path of a reported counterexample: replays just that case (with `seed` and one property). */
  path?: string
  tenants?: TenantSelection
  /** Regional managers over random region subsets, inserted as the admin and removed afterwards. */
  scratchRegionalManagers?: number
  /** Ids absent from tenancy.users to act as (they must see nothing). Default 1. */
  unknownUsers?: number
  /** Statement timeout of generated queries (default 10 s); a timeout makes a case inconclusive. */
  queryTimeoutMs?: number
  /** Stops generating new cases of a property after this long (the report shows how many ran). */
  timeLimitMs?: number
  hooks?: IsolationHooks
  log?: (line: string) => void
}

const DEFAULT_TIMEOUTS = { statementMs: 10_000, lockMs: 2_000, idleInTransactionMs: 30_000 }

/**
 * Runs the isolation properties against a database: every generated tenant × generated query
 * through the real services, compared with the admin's view of the tenant's stores. Returns the
 * report; `ok` is false when any property found a counterexample.
 */
export async function verifyIsolation(
  target: IsolationTarget,
  options: VerifyOptions,
): Promise<IsolationReport> {
  const started = performance.now()
  const log = options.log ?? (() => {})
  const admin = await describeAdmin(target.admin)
  if (!admin.bypassesRls) {
    throw new ConfigurationError(
      `The admin login (${admin.user}) is neither a superuser nor BYPASSRLS: it would see no rows, so it cannot be the oracle.`,
      'Pass an admin URL of a superuser or a role with BYPASSRLS (it is used read-only, except for scratch tenants).',
    )
  }
  let scratch: ScratchTenants | undefined
  const opened: Db[] = []
  try {
    if (options.scratchRegionalManagers) {
      scratch = await createScratchTenants(target.admin, {
        count: options.scratchRegionalManagers,
        seed: options.seed,
      })
    }
    const unknownUserIds = fc.sample(fc.uuid({ version: 4 }), {
      seed: options.seed,
      numRuns: options.unknownUsers ?? 1,
    })
    const selection = options.tenants ?? { users: 'all' }
    const withScratch: TenantSelection =
      selection.users !== 'all' && scratch
        ? { ...selection, users: [...selection.users, ...scratch.ids] }
        : selection
    const model = await loadIsolationModel(target.admin, withScratch, {
      ...(scratch ? { scratchUserIds: scratch.ids } : {}),
      unknownUserIds,
    })
    if (model.tenants.length === 0) {
      throw new ConfigurationError('No tenants to test: tenancy.users is empty.', 'Seed or load users first.')
    }
    const timeouts = target.timeouts ?? DEFAULT_TIMEOUTS
    const mainDb = target.openApp(4)
    opened.push(mainDb)
    const smallDb = target.openApp(2)
    opened.push(smallDb)
    const main: TenantDb = { db: mainDb, signer: target.signer, timeouts }
    const small: TenantDb = { db: smallDb, signer: target.signer, timeouts }
    const watches = [watchDriver(mainDb), watchDriver(smallDb)]
    const socketOf = watches[1]!.socketOf
    await checkSigningKey(main, model.tenants.find((t) => t.kind !== 'unknown')?.rlsUserId)
    const separateAppRole = await isSeparateAppRole(smallDb)
    const queryTimeoutMs = options.queryTimeoutMs ?? 10_000
    const ctx: IsolationContext = {
      model,
      admin: target.admin,
      signer: target.signer,
      main,
      small,
      services: buildServices(main, small, queryTimeoutMs, RESULT_LIMITS),
      limits: RESULT_LIMITS,
      queryTimeoutMs,
      baseline: await readBaseline(smallDb),
      separateAppRole,
      canTerminate: admin.canTerminate && mainDb.kind === 'postgres',
      terminate: async (pid) => {
        // No wait: the backend checks for the signal before it reads the next query, which then fails.
        await adminRead(target.admin, (q) => q('SELECT pg_terminate_backend($1)', [pid]))
      },
      ...(socketOf ? { socketOf } : {}),
      hooks: options.hooks ?? {},
    }
    const properties: PropertyReport[] = []
    for (const property of ISOLATION_PROPERTIES) {
      if (options.properties && !options.properties.includes(property.id)) continue
      properties.push(await runProperty(ctx, property, options, log))
    }
    const notes: string[] = []
    if (!separateAppRole)
      notes.push('the app login is a superuser or bypasses RLS (PGlite?): role faults are limited')
    if (!ctx.hooks.searchProbe)
      notes.push('cache-and-search: no search probe registered (see hooks.ts): search was not checked')
    const unhandled = watches.reduce((n, w) => n + w.unhandled(), 0)
    if (unhandled > 0) {
      notes.push(
        `WARNING: ${unhandled} connection error(s) were emitted on checked-out pg clients with no 'error' listener ` +
          '(the server would see an uncaught exception: a crash under Node, exit code 1 under Bun); createPostgresDb should listen while a client is leased',
      )
    }
    const byKind: Record<string, number> = {}
    for (const t of model.tenants) byKind[t.kind] = (byKind[t.kind] ?? 0) + 1
    return {
      ok: properties.every((p) => p.status !== 'failed'),
      seed: options.seed,
      runs: options.runs,
      target: { backend: mainDb.kind, separateAppRole, faults: applicableFaults(ctx) },
      tenants: {
        total: model.tenants.length,
        byKind,
        scratch: scratch?.ids.size ?? 0,
        stores: model.stores.length,
      },
      properties,
      elapsedMs: Math.round(performance.now() - started),
      notes,
    }
  } finally {
    for (const db of opened) await db.close().catch(() => {})
    await scratch?.remove()
  }
}

async function runProperty(
  ctx: IsolationContext,
  property: AnyIsolationProperty,
  options: VerifyOptions,
  log: (line: string) => void,
): Promise<PropertyReport> {
  const base = { id: property.id, title: property.title }
  const skip = property.skip?.(ctx)
  if (skip) {
    log(`${property.id}: skipped (${skip})`)
    return { ...base, status: 'skipped', cases: 0, inconclusive: 0, ms: 0, skipped: skip }
  }
  let inconclusive = 0
  let failing = false
  const started = performance.now()
  const details = await fc.check(
    fc.asyncProperty(property.arbitrary(ctx), async (value) => {
      try {
        if ((await property.check(ctx, value)) === 'inconclusive' && !failing) inconclusive += 1
      } catch (err) {
        failing = true
        throw err
      }
    }),
    {
      numRuns: options.runs,
      seed: options.seed,
      ...(options.path ? { path: options.path } : {}),
      ...(options.timeLimitMs ? { interruptAfterTimeLimit: options.timeLimitMs } : {}),
    },
  )
  const ms = Math.round(performance.now() - started)
  log(
    `${property.id}: ${details.failed ? 'FAILED' : 'passed'} after ${details.numRuns} cases in ${(ms / 1000).toFixed(1)} s`,
  )
  if (!details.failed) return { ...base, status: 'passed', cases: details.numRuns, inconclusive, ms }
  const error = details.errorInstance
  return {
    ...base,
    status: 'failed',
    cases: details.numRuns,
    inconclusive,
    ms,
    failure: {
      message: error instanceof Error ? error.message : details.interrupted ? 'interrupted' : String(error),
      counterexample: details.counterexample ? property.describe(details.counterexample[0]) : '(none)',
      shrinks: details.numShrinks,
      path: details.counterexamplePath ?? '',
    },
  }
}

/** A wrong ZAVA_TENANT_KEY would fail every case alike: say so once, plainly. */
async function checkSigningKey(tdb: TenantDb, rlsUserId: string | undefined): Promise<void> {
  if (!rlsUserId) return
  try {
    await resolveCaller(tdb, rlsUserId)
  } catch (err) {
    if (err instanceof ZavaError && err.code === 'AUTHORIZATION_ERROR') {
      throw new ConfigurationError(
        'The database rejected the signed tenant context: the tenant key differs from the one installed by `zava-mcp migrate`.',
        'Set ZAVA_TENANT_KEY to the key of this database.',
        { cause: err },
      )
    }
    throw err
  }
}

async function describeAdmin(admin: Db) {
  return adminRead(admin, async (q) => {
    const [row] = await q<{ user: string; bypass: boolean; signal: boolean }>(
      `SELECT current_user AS user, rolsuper OR rolbypassrls AS bypass,
              rolsuper OR pg_has_role(current_user, 'pg_signal_backend', 'MEMBER') AS signal
       FROM pg_roles WHERE rolname = current_user`,
    )
    return { user: row?.user ?? '?', bypassesRls: row?.bypass === true, canTerminate: row?.signal === true }
  })
}

async function isSeparateAppRole(app: Db): Promise<boolean> {
  return onBareConnection(app, async (conn) => {
    const { rows } = await conn.query(
      'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = session_user',
      [],
    )
    return rows[0] !== undefined && !rows[0].rolsuper && !rows[0].rolbypassrls
  })
}

interface DriverClient {
  processID?: number
  connection?: { stream?: { destroy(): void } }
  on(event: 'error', fn: (err: Error) => void): void
  listenerCount(event: 'error'): number
}

interface DriverWatch {
  /** The socket of the connection to backend `pid`, for the socket fault. */
  socketOf?: (pid: number) => { destroy(): void } | undefined
  /** Connection errors nobody but the verifier listened to (see the report's notes). */
  unhandled(): number
}

/**
 * Follows the connections of a `pg` pool: the socket fault destroys one by backend pid. pg-pool
 * removes its own 'error' listener from a checked-out client, so a connection that dies mid-
 * transaction emits an 'error' event with no listener, an uncaught exception that ends a Node
 * process; the verifier listens so that it survives, and counts the events it alone heard.
 */
function watchDriver(db: Db): DriverWatch {
  const pool = (db as Db & { pool?: { on(event: string, fn: (client: DriverClient) => void): void } }).pool
  if (!pool) return { unhandled: () => 0 }
  const clients = new Set<DriverClient>()
  let unhandled = 0
  pool.on('connect', (client) => {
    clients.add(client)
    client.on('error', () => {
      if (client.listenerCount('error') === 1) unhandled += 1
    })
  })
  pool.on('remove', (client) => clients.delete(client))
  return {
    socketOf: (pid) => [...clients].find((c) => c.processID === pid)?.connection?.stream,
    unhandled: () => unhandled,
  }
}
