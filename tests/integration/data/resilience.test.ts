import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { createPostgresDb, type Db } from '../../../src/data/db.ts'
import { createResilience, type RetryReason } from '../../../src/data/resilience.ts'
import { DEMO_USERS } from '../../../src/data/seed/index.ts'
import { type Caller, resolveCaller, type TenantDb, withTenant } from '../../../src/data/with-tenant.ts'
import {
  adminQuery,
  getRetailDatabase,
  type RetailDatabase,
  TEST_TIMEOUTS,
} from '../../support/retail-database.ts'

let rdb: RetailDatabase
let caller: Caller
const pools: Db[] = []

beforeAll(async () => {
  rdb = await getRetailDatabase()
  caller = await resolveCaller(rdb.tdb, DEMO_USERS.storeManager.rlsUserId)
})
afterAll(async () => {
  await Promise.all(pools.map((db) => db.close()))
})

function tenantDb(options: { max: number; acquireTimeoutMs: number }) {
  const db = createPostgresDb(rdb.appUrl, {
    max: options.max,
    connectionTimeoutMillis: options.acquireTimeoutMs,
  })
  pools.push(db)
  const retries: RetryReason[] = []
  const tdb: TenantDb = {
    db,
    signer: rdb.signer,
    timeouts: TEST_TIMEOUTS,
    resilience: createResilience(
      {
        maxAttempts: 3,
        initialDelayMs: 10,
        maxDelayMs: 50,
        budgetMs: 2_000,
        breakerThreshold: 5,
        halfOpenAfterMs: 500,
      },
      { onRetry: (event) => retries.push(event.reason) },
    ),
  }
  return { tdb, retries }
}

describe.skipIf(process.env.ZAVA_DB_BACKEND === 'embedded')('resilience on PostgreSQL', () => {
  it('gives SERVICE_UNAVAILABLE within the acquire timeout when the pool is exhausted, without retrying', async () => {
    const { tdb, retries } = tenantDb({ max: 1, acquireTimeoutMs: 300 })
    const held = await tdb.db.acquire()
    try {
      const started = performance.now()
      const err = await withTenant(tdb, caller, (tx) => tx.query('SELECT 1', [])).catch((e: unknown) => e)
      const waited = performance.now() - started
      expect(err).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true })
      expect((err as Error).message).toContain('busy')
      expect(waited).toBeGreaterThanOrEqual(280)
      expect(waited).toBeLessThan(800)
      expect(retries).toEqual([])
    } finally {
      held.release()
    }
    // The pool is usable again once the connection is back.
    const rows = await withTenant(tdb, caller, async (tx) => (await tx.query('SELECT 1 AS one', [])).rows)
    expect(rows).toEqual([{ one: 1 }])
  })

  it('retries a whole transaction once its connection was killed mid-way, and the call succeeds', async () => {
    const { tdb, retries } = tenantDb({ max: 2, acquireTimeoutMs: 2_000 })
    let attempts = 0
    const count = await withTenant(tdb, caller, async (tx) => {
      attempts++
      if (attempts === 1) {
        // A real transient fault: the server ends this session (57P01) in the middle of the transaction.
        const [{ pid }] = (await tx.query('SELECT pg_backend_pid() AS pid', [])).rows
        await adminQuery(rdb.admin, 'SELECT pg_terminate_backend($1)', [pid])
      }
      return (await tx.query('SELECT count(*)::int AS n FROM retail.orders', [])).rows[0].n as number
    })
    expect(attempts).toBe(2)
    expect(count).toBeGreaterThan(0)
    expect(retries.length).toBe(1)
    expect(['server_shutdown', 'connection']).toContain(retries[0]!)
  })

  it('gives QUERY_TIMEOUT for a statement cancelled by its own timeout, on the first attempt only', async () => {
    const { tdb, retries } = tenantDb({ max: 2, acquireTimeoutMs: 2_000 })
    let attempts = 0
    const started = performance.now()
    const err = await withTenant(
      tdb,
      caller,
      async (tx) => {
        attempts++
        return tx.query('SELECT pg_sleep(2)', [])
      },
      { statementTimeoutMs: 100 },
    ).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'QUERY_TIMEOUT' })
    expect(attempts).toBe(1)
    expect(retries).toEqual([])
    expect(performance.now() - started).toBeLessThan(1_500)
  })
})
