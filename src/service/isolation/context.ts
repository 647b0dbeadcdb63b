import type { ResultLimits, ResultSet } from '../../data/assistant-sql.ts'
import type { Db } from '../../data/db.ts'
import { guardSql } from '../../data/sql-guard/index.ts'
import type { TenantSigner } from '../../data/tenant-context.ts'
import {
  type Caller,
  type CallerKind,
  resolveCaller,
  type TenantDb,
  type Timeouts,
} from '../../data/with-tenant.ts'
import { SalesQueryService } from '../sales-query.ts'
import { StorePerformanceService } from '../store-performance.ts'
import { TableSchemaService } from '../table-schemas.ts'
import type { IsolationHooks } from './hooks.ts'
import type { IsolationModel, Tenant } from './model.ts'
import { IsolationViolation, runOracle } from './oracle.ts'
import { renderOracleSql, renderTenantSql } from './sql-template.ts'

/** The database under test, as the verifier reaches it. */
export interface IsolationTarget {
  /** A login that bypasses RLS (superuser or BYPASSRLS): the oracle's view. Only read, except scratch tenants. */
  admin: Db
  /** Opens a pool of `max` connections as the server's login (zava_app); closed by the verifier. */
  openApp(max: number): Db
  /** Signs tenant contexts with the key the database has installed (ZAVA_TENANT_KEY). */
  signer: TenantSigner
  timeouts?: Timeouts
}

/** Session state a connection must be back to whenever no transaction runs on it. */
export interface SessionBaseline {
  user: string
  tenant: string
  role: string
  statementTimeout: string
  searchPath: string
}

/** Everything the properties share during one run. */
export interface IsolationContext {
  model: IsolationModel
  admin: Db
  signer: TenantSigner
  /** The app pool of the SQL and typed-tool properties. */
  main: TenantDb
  /** Two connections, shared by eight concurrent callers: carry-over and fault properties. */
  small: TenantDb
  services: {
    queries: SalesQueryService
    smallQueries: SalesQueryService
    performance: StorePerformanceService
    /** One instance for the whole run, so its tenant cache is shared by every tenant (property 4). */
    cachedSchemas: TableSchemaService
  }
  limits: ResultLimits
  queryTimeoutMs: number
  baseline: SessionBaseline
  /** The app login is a separate role without superuser or BYPASSRLS (false on PGlite). */
  separateAppRole: boolean
  /** The admin may pg_terminate_backend the app's connections. */
  canTerminate: boolean
  /** Ends an app backend from the admin connection (pg_terminate_backend). */
  terminate(pid: number): Promise<void>
  /** The socket of the small pool's connection to backend `pid`, where the driver exposes it. */
  socketOf?: (pid: number) => { destroy(): void } | undefined
  hooks: IsolationHooks
}

export const RESULT_LIMITS: ResultLimits = { maxRows: 2_000, maxBytes: 4 * 1024 * 1024 }

export function buildServices(main: TenantDb, small: TenantDb, queryTimeoutMs: number, limits: ResultLimits) {
  const guard = (sql: string) => guardSql(sql)
  return {
    queries: new SalesQueryService(main, { guard, timeoutMs: queryTimeoutMs, limits }),
    smallQueries: new SalesQueryService(small, { guard, timeoutMs: queryTimeoutMs, limits }),
    performance: new StorePerformanceService(main),
    cachedSchemas: new TableSchemaService(main),
  }
}

/**
 * The caller the server would build for a tenant: resolved through `resolveCaller` (the real
 * door), then checked against the stores the identity tables say. An unknown id gets the widest
 * role with its own (unsigned-for-anyone-else) context: it must still see nothing.
 */
export async function callerFor(ctx: IsolationContext, tenant: Tenant, tdb = ctx.main): Promise<Caller> {
  if (tenant.kind === 'unknown') {
    return { rlsUserId: tenant.rlsUserId, displayName: 'unknown', kind: 'head_office', storeIds: [] }
  }
  const caller = await resolveCaller(tdb, tenant.rlsUserId)
  const expected = tenant.expectedStoreIds.join(',')
  if (caller.kind !== tenant.kind || caller.storeIds.join(',') !== expected) {
    throw new IsolationViolation(
      `tenancy.whoami() resolved ${tenant.label} to ${caller.kind} with stores [${caller.storeIds.join(', ')}]; ` +
        `the identity tables give ${tenant.kind} with stores [${expected.split(',').filter(Boolean).join(', ')}]`,
    )
  }
  return caller
}

const resolved = new WeakMap<IsolationContext, Map<string, Promise<Caller>>>()

/**
 * `callerFor`, resolved once per run and tenant (as a server resolves a caller once per session):
 * for the properties about connections, where a resolution per request would only halve the
 * requests that matter. The SQL and typed-tool properties resolve every case.
 */
export function sessionCaller(ctx: IsolationContext, tenant: Tenant): Promise<Caller> {
  let callers = resolved.get(ctx)
  if (!callers) {
    callers = new Map()
    resolved.set(ctx, callers)
  }
  let caller = callers.get(tenant.rlsUserId)
  if (!caller) {
    caller = callerFor(ctx, tenant)
    callers.set(tenant.rlsUserId, caller)
  }
  return caller
}

/** Fixed, cheap queries whose answers differ between tenants: the carry-over and fault properties' probes. */
export const PROBES = [
  'SELECT store_id, count(*) AS n FROM ⟦orders⟧ x GROUP BY store_id ORDER BY store_id',
  'SELECT store_id, count(*) AS n FROM ⟦customers⟧ x GROUP BY store_id ORDER BY store_id',
  'SELECT store_id, count(*) AS n FROM ⟦inventory⟧ x GROUP BY store_id ORDER BY store_id',
  'SELECT store_id, count(*) AS n, sum(line_total) AS total FROM ⟦order_items⟧ x GROUP BY store_id ORDER BY store_id',
  'SELECT store_id, name FROM ⟦stores⟧ x ORDER BY store_id',
  'SELECT count(*) AS n, coalesce(sum(total_amount), 0) AS total FROM ⟦orders⟧ x',
] as const

const probeAnswers = new WeakMap<IsolationContext, Map<string, Promise<ResultSet>>>()

/** The oracle's answer to a probe for a set of stores, computed once per run. */
export function probeOracle(
  ctx: IsolationContext,
  probe: number,
  storeIds: readonly string[],
): Promise<ResultSet> {
  let answers = probeAnswers.get(ctx)
  if (!answers) {
    answers = new Map()
    probeAnswers.set(ctx, answers)
  }
  const key = `${probe}|${storeIds.join(',')}`
  let answer = answers.get(key)
  if (!answer) {
    answer = runOracle(ctx.admin, renderOracleSql(PROBES[probe]!, storeIds), ctx.limits, ctx.queryTimeoutMs)
    answers.set(key, answer)
  }
  return answer
}

export const probeSql = (probe: number) => renderTenantSql(PROBES[probe]!, false)

const TENANT_TABLE_COUNT =
  'SELECT (SELECT count(*) FROM retail.stores) + (SELECT count(*) FROM retail.customers) + ' +
  '(SELECT count(*) FROM retail.orders) + (SELECT count(*) FROM retail.order_items) + ' +
  '(SELECT count(*) FROM retail.inventory) AS n'

const SESSION_STATE =
  "SELECT current_user AS user, coalesce(current_setting('zava.tenant', true), '') AS tenant, " +
  "current_setting('role') AS role, current_setting('statement_timeout') AS statement_timeout, " +
  "current_setting('search_path') AS search_path"

/** Reads the session state of a fresh transaction on `db` (what every transaction must start from). */
export async function readBaseline(db: Db): Promise<SessionBaseline> {
  return onBareConnection(db, async (conn) => toBaseline((await conn.query(SESSION_STATE, [])).rows[0]))
}

function toBaseline(row: Record<string, string>): SessionBaseline {
  return {
    user: row.user!,
    tenant: row.tenant!,
    role: row.role!,
    statementTimeout: row.statement_timeout!,
    searchPath: row.search_path!,
  }
}

/**
 * A transaction that sets a role but no tenant context, on whatever connection the pool hands
 * out: nothing of an earlier transaction may be left on it, and it must see zero tenant rows.
 */
export async function bareProbe(ctx: IsolationContext, db: Db, role: CallerKind): Promise<void> {
  await onBareConnection(db, async (conn) => {
    const state = toBaseline((await conn.query(SESSION_STATE, [])).rows[0])
    const left = (Object.keys(state) as (keyof SessionBaseline)[]).filter((k) => state[k] !== ctx.baseline[k])
    if (left.length > 0) {
      throw new IsolationViolation(
        `a pooled connection still carries an earlier transaction's state: ${left
          .map((k) => `${k}=${JSON.stringify(state[k])} (fresh: ${JSON.stringify(ctx.baseline[k])})`)
          .join(', ')}`,
      )
    }
    await conn.query("SELECT set_config('role', $1, true)", [role])
    const n = Number((await conn.query(TENANT_TABLE_COUNT, [])).rows[0].n)
    if (n !== 0) {
      throw new IsolationViolation(`role ${role} without a tenant context saw ${n} tenant rows instead of 0`)
    }
  })
}

/** BEGIN READ ONLY … ROLLBACK on a leased connection; discarded if it cannot be rolled back. */
export async function onBareConnection<T>(
  db: Db,
  fn: (conn: Awaited<ReturnType<Db['acquire']>>['connection']) => Promise<T>,
) {
  const lease = await db.acquire()
  try {
    await lease.connection.exec('BEGIN READ ONLY')
    const result = await fn(lease.connection)
    await lease.connection.exec('ROLLBACK')
    lease.release()
    return result
  } catch (err) {
    try {
      await lease.connection.exec('ROLLBACK')
      lease.release()
    } catch (rollbackErr) {
      lease.release(rollbackErr instanceof Error ? rollbackErr : new Error('rollback failed'))
    }
    throw err
  }
}
