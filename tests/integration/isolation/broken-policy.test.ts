import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import type { Db } from '../../../src/data/db.ts'
import {
  formatReport,
  type IsolationHooks,
  type IsolationReport,
  type IsolationTarget,
  verifyIsolation,
} from '../../../src/service/isolation/index.ts'
import { isolationSeed, provisionScratchRetail, type ScratchRetail } from './support/scratch-retail.ts'

// Proves the properties can fail: each test breaks isolation in a scratch database of its own
// (never the shared one), expects the properties to catch it with a shrunk counterexample, and
// repairs the database for the next test.
const SEED = isolationSeed()
const RUNS = 300
const TIMEOUT_MS = 5 * 60_000

let db: ScratchRetail

beforeAll(async () => {
  db = await provisionScratchRetail('edge')
})

afterAll(async () => {
  await db?.stop()
})

async function verify(properties: string[], target: IsolationTarget = db.target(), hooks?: IsolationHooks) {
  return verifyIsolation(target, {
    runs: RUNS,
    seed: SEED,
    properties,
    scratchRegionalManagers: 4,
    ...(hooks ? { hooks } : {}),
  })
}

/** The property failed, with a counterexample and a replay path; printed for the reader of the CI log. */
function expectCaught(report: IsolationReport, property: string) {
  const p = report.properties.find((x) => x.id === property)
  expect(report.ok).toBe(false)
  expect(p?.status).toBe('failed')
  expect(p?.failure?.counterexample).toBeTruthy()
  expect(p?.failure?.path).toMatch(/^\d+(:\d+)*$/)
  process.stderr.write(`[isolation] caught as expected (seed ${SEED}):\n${formatReport(report)}\n`)
  return p!.failure!
}

describe('the isolation properties catch a broken database', () => {
  it(
    'catches a permissive policy that shows every order, with a shrunk query',
    async () => {
      await db.exec('CREATE POLICY leak ON retail.orders FOR SELECT TO zava_analyst USING (true)')
      try {
        const report = await verify(['row-isolation', 'aggregates'])
        const failure = expectCaught(report, 'aggregates')
        expect(failure.counterexample).toContain('orders')
        expect(failure.message).toMatch(/must not see|names stores/)
        expect(failure.shrinks).toBeGreaterThan(0)
        expectCaught(report, 'row-isolation')
      } finally {
        await db.exec('DROP POLICY leak ON retail.orders')
      }
    },
    TIMEOUT_MS,
  )

  it(
    'catches a leak limited to one role and one table (store managers reading every order line)',
    async () => {
      await db.exec('CREATE POLICY leak_items ON retail.order_items FOR SELECT TO store_manager USING (true)')
      try {
        const failure = expectCaught(await verify(['row-isolation']), 'row-isolation')
        expect(failure.counterexample).toContain('store_manager')
        expect(failure.counterexample).toContain('order_items')
      } finally {
        await db.exec('DROP POLICY leak_items ON retail.order_items')
      }
    },
    TIMEOUT_MS,
  )

  it(
    'catches visible_store_ids() widened to every store, through resolution and get_store_performance',
    async () => {
      const original = await definitionOf(db.admin, 'tenancy.visible_store_ids()')
      await db.exec(
        `CREATE OR REPLACE FUNCTION tenancy.visible_store_ids() RETURNS uuid[]
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
         $$ SELECT coalesce(array_agg(store_id ORDER BY store_id), '{}') FROM retail.stores $$`,
      )
      try {
        const report = await verify(['store-performance', 'table-schemas'])
        expect(expectCaught(report, 'store-performance').message).toContain('tenancy.whoami() resolved')
        expectCaught(report, 'table-schemas')
      } finally {
        await db.exec(original)
      }
    },
    TIMEOUT_MS,
  )

  it(
    'catches a policy that fails open without a tenant context',
    async () => {
      await db.exec(
        'CREATE POLICY leak_open ON retail.customers FOR SELECT TO zava_analyst USING (tenancy.current_rls_user_id() IS NULL)',
      )
      try {
        const report = await verify(['no-carry-over', 'fail-closed'])
        expect(expectCaught(report, 'no-carry-over').message).toContain('without a tenant context saw')
        expectCaught(report, 'fail-closed')
      } finally {
        await db.exec('DROP POLICY leak_open ON retail.customers')
      }
    },
    TIMEOUT_MS,
  )

  it(
    'catches a tenant context that outlives its transaction on a pooled connection',
    async () => {
      // Simulates a regression of withTenant: the context set for the session, not the transaction.
      const base = db.target()
      const target: IsolationTarget = { ...base, openApp: (max) => sessionLevelContext(base.openApp(max)) }
      const failure = expectCaught(await verify(['no-carry-over'], target), 'no-carry-over')
      expect(failure.message).toContain('still carries')
    },
    TIMEOUT_MS,
  )

  it(
    'catches a search that answers with other stores (through the search hook)',
    async () => {
      const names = (await db
        .target()
        .admin.acquire()
        .then(async (lease) => {
          try {
            return (await lease.connection.query('SELECT name FROM retail.stores ORDER BY name', [])).rows
          } finally {
            lease.release()
          }
        })) as { name: string }[]
      const leakySearch: IsolationHooks = {
        searchProbe: {
          name: 'leaky_search',
          queries: ['drill', 'paint'],
          run: async () => names.map((n) => ({ store: n.name })),
        },
      }
      const failure = expectCaught(
        await verify(['cache-and-search'], db.target(), leakySearch),
        'cache-and-search',
      )
      expect(failure.message).toContain('leaky_search')
    },
    TIMEOUT_MS,
  )

  it(
    'passes again once the database is repaired',
    async () => {
      const report = await verify(['row-isolation', 'aggregates', 'store-performance', 'no-carry-over'])
      if (!report.ok) throw new Error(formatReport(report))
    },
    TIMEOUT_MS,
  )
})

async function definitionOf(admin: Db, fn: string): Promise<string> {
  const lease = await admin.acquire()
  try {
    const { rows } = await lease.connection.query('SELECT pg_get_functiondef($1::regprocedure) AS def', [fn])
    return rows[0].def as string
  } finally {
    lease.release()
  }
}

/** Wraps an app pool so that the signed context is set for the session instead of the transaction. */
function sessionLevelContext(db: Db): Db {
  return {
    ...db,
    async acquire() {
      const lease = await db.acquire()
      const conn = lease.connection
      return {
        ...lease,
        connection: {
          ...conn,
          query: (text, values, options) =>
            conn.query(
              text.replace(
                /set_config\('zava\.tenant', (\$\d+), true\)/,
                "set_config('zava.tenant', $1, false)",
              ),
              values,
              options,
            ),
        },
      }
    },
  }
}
