import type { Connection, Db } from '../../data/db.ts'

export type AdminQuery = <R = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<R[]>

/**
 * A read-only transaction on the oracle's connection (a login that bypasses RLS), always rolled
 * back. The verifier is the one caller besides `withTenant` that leases connections itself: it
 * must see every row to say what each tenant should see.
 */
export async function adminRead<T>(
  admin: Db,
  fn: (query: AdminQuery, conn: Connection) => Promise<T>,
  statementTimeoutMs = 60_000,
): Promise<T> {
  const lease = await admin.acquire()
  const conn = lease.connection
  try {
    await conn.exec('BEGIN READ ONLY')
    await conn.query("SELECT set_config('statement_timeout', $1, true)", [`${statementTimeoutMs}ms`])
    const query: AdminQuery = async (text, values) => (await conn.query(text, values ?? [])).rows
    const result = await fn(query, conn)
    await conn.exec('ROLLBACK')
    lease.release()
    return result
  } catch (err) {
    try {
      await conn.exec('ROLLBACK')
      lease.release()
    } catch (rollbackErr) {
      lease.release(rollbackErr instanceof Error ? rollbackErr : new Error('rollback failed'))
    }
    throw err
  }
}

/** Writes as the admin in one transaction (scratch tenants only). */
export async function adminWrite<T>(admin: Db, fn: (query: AdminQuery) => Promise<T>): Promise<T> {
  const lease = await admin.acquire()
  const conn = lease.connection
  try {
    await conn.exec('BEGIN')
    const result = await fn(async (text, values) => (await conn.query(text, values ?? [])).rows)
    await conn.exec('COMMIT')
    lease.release()
    return result
  } catch (err) {
    try {
      await conn.exec('ROLLBACK')
      lease.release()
    } catch (rollbackErr) {
      lease.release(rollbackErr instanceof Error ? rollbackErr : new Error('rollback failed'))
    }
    throw err
  }
}
