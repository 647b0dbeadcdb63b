import { configureTenantTransaction, setTenantContext, whoAmI } from '../../generated/tenancy.queries.ts'
import { AuthenticationError } from '../errors.ts'
import type { Connection, Db } from './db.ts'
import { toDataError } from './errors.ts'
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
 */
export async function withTenant<T>(
  tdb: TenantDb,
  caller: Caller,
  fn: (conn: Connection) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const statementMs = options.statementTimeoutMs ?? tdb.timeouts.statementMs
  return inTransaction(tdb.db, options, async (conn) => {
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

/**
 * Resolves an RLS user id to a caller through the database (tenancy.whoami), so the kind and
 * stores come from the identity tables, never from what the client claims.
 */
export async function resolveCaller(tdb: TenantDb, rlsUserId: string): Promise<Caller> {
  const rows = await inTransaction(tdb.db, {}, async (conn) => {
    await setTenantContext.run(
      { context: tdb.signer.sign(rlsUserId, contextTtlSeconds(tdb.timeouts.statementMs)) },
      conn,
    )
    return whoAmI.run(undefined, conn)
  })
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
