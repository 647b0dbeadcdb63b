import { configureTenantTransaction, setTenantContext, whoAmI } from '../../generated/tenancy.queries.ts'
import { AuthenticationError } from '../errors.ts'
import type { Connection, Db } from './db.ts'
import { toDataError } from './errors.ts'
import { explainAssistantSql } from './explain.ts'
import type { Resilience } from './resilience.ts'
import { type DataTelemetry, instrumentConnection } from './telemetry.ts'
import type { TenantSigner } from './tenant-context.ts'

export type CallerKind = 'store_manager' | 'regional_manager' | 'head_office'

/** Who is asking, as the database resolved it from a signed context. */
export interface Caller {
  readonly rlsUserId: string
  readonly displayName: string
  readonly kind: CallerKind
  /** The stores this caller may see, sorted: what access checks and cache keys rely on. */
  readonly storeIds: readonly string[]
}

export interface Timeouts {
  statementMs: number
  lockMs: number
  idleInTransactionMs: number
}

/** What `withTenant` needs: the database, the key that signs tenant contexts, and limits. */
export interface TenantDb {
  db: Db
  signer: TenantSigner
  timeouts: Timeouts
  /** Retries and circuit breaker around each whole transaction; none: one attempt, no breaker. */
  resilience?: Resilience
  /** Times, names and traces every query (metrics, slow-query log); none: not instrumented. */
  telemetry?: DataTelemetry
}

export interface TransactionOptions {
  /** Default true: read-only transactions cannot write whatever SQL runs in them. */
  readOnly?: boolean
  /** Overrides the default statement timeout for this transaction. */
  statementTimeoutMs?: number
  /** Always roll back, even on success (assistant-written SQL leaves nothing behind). */
  rollback?: boolean
}

/**
 * The one door to tenant data: begins a transaction, sets the caller's role, signed context and
 * timeouts transaction-locally, runs `fn`, commits (or rolls back), and always releases the
 * connection. A connection whose transaction could not be closed cleanly is discarded, not reused.
 * With `tdb.resilience`, a read-only transaction that failed transiently is run again whole
 * (never a statement inside it), and an open circuit fails the call at once.
 */
export async function withTenant<T>(
  tdb: TenantDb,
  caller: Caller,
  fn: (conn: Connection) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const attempt = () => tenantTransaction(tdb, caller, fn, options)
  if (!tdb.resilience) return attempt()
  // A write that failed at COMMIT may have committed: only read-only transactions are retried.
  return tdb.resilience.run(attempt, { retry: options.readOnly !== false })
}

async function tenantTransaction<T>(
  tdb: TenantDb,
  caller: Caller,
  fn: (conn: Connection) => Promise<T>,
  options: TransactionOptions,
): Promise<T> {
  const statementMs = options.statementTimeoutMs ?? tdb.timeouts.statementMs
  return inTransaction(tdb.db, options, async (raw) => {
    const telemetry = tdb.telemetry
    const conn = telemetry
      ? instrumentConnection(raw, telemetry, {
          callerKind: caller.kind,
          explain: (sql) => explainUnderTenant(tdb, caller, sql),
        })
      : raw
    await configureTenantTransaction.run(
      {
        role: caller.kind,
        context: tdb.signer.sign(caller.rlsUserId, contextTtlSeconds(statementMs)),
        statementTimeout: `${statementMs}ms`,
        lockTimeout: `${tdb.timeouts.lockMs}ms`,
        idleTimeout: `${tdb.timeouts.idleInTransactionMs}ms`,
      },
      conn,
    )
    return fn(conn)
  })
}

/** Longest the plan of a slow assistant query may take to compute. */
const EXPLAIN_TIMEOUT_MS = 2_000

/** EXPLAIN (no ANALYZE) of assistant SQL in its own short, rolled-back transaction as `caller`. */
function explainUnderTenant(tdb: TenantDb, caller: Caller, sql: string): Promise<string> {
  const plain: TenantDb = { db: tdb.db, signer: tdb.signer, timeouts: tdb.timeouts }
  return withTenant(plain, caller, (conn) => explainAssistantSql(conn, sql), {
    statementTimeoutMs: EXPLAIN_TIMEOUT_MS,
    rollback: true,
  })
}

/**
 * Resolves an RLS user id to a caller through the database (tenancy.whoami), so the kind and
 * stores come from the identity tables, never from what the client claims.
 */
export async function resolveCaller(tdb: TenantDb, rlsUserId: string): Promise<Caller> {
  const lookup = () =>
    inTransaction(tdb.db, {}, async (conn) => {
      await setTenantContext.run(
        { context: tdb.signer.sign(rlsUserId, contextTtlSeconds(tdb.timeouts.statementMs)) },
        conn,
      )
      return whoAmI.run(undefined, conn)
    })
  const rows = await (tdb.resilience ? tdb.resilience.run(lookup) : lookup())
  const row = rows[0]
  if (!row) {
    throw new AuthenticationError(
      `No user with RLS user id ${rlsUserId} exists in this database.`,
      'Use the RLS user id of a known manager (see the README for the demo identities).',
    )
  }
  return {
    rlsUserId: row.rlsUserId,
    displayName: row.displayName,
    kind: row.kind as CallerKind,
    storeIds: [...row.storeIds].sort(),
  }
}

async function inTransaction<T>(
  db: Db,
  options: TransactionOptions,
  fn: (conn: Connection) => Promise<T>,
): Promise<T> {
  let lease: Awaited<ReturnType<Db['acquire']>>
  try {
    lease = await db.acquire()
  } catch (err) {
    throw toDataError(err)
  }
  const conn = lease.connection
  try {
    await conn.exec(options.readOnly === false ? 'BEGIN' : 'BEGIN READ ONLY')
    const result = await fn(conn)
    await conn.exec(options.rollback ? 'ROLLBACK' : 'COMMIT')
    lease.release()
    return result
  } catch (err) {
    try {
      await conn.exec('ROLLBACK')
      lease.release()
    } catch (rollbackErr) {
      lease.release(rollbackErr instanceof Error ? rollbackErr : new Error('rollback failed'))
    }
    throw toDataError(err)
  }
}

/** The context outlives the longest statement a little, and nothing else. */
function contextTtlSeconds(statementMs: number): number {
  return Math.ceil(statementMs / 1000) + 30
}
