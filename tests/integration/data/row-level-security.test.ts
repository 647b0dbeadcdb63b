import { beforeAll, describe, expect, it } from 'bun:test'
import type { Caller } from '../../../src/data/with-tenant.ts'
import { withTenant } from '../../../src/data/with-tenant.ts'
import {
  adminQuery,
  demoCaller,
  getRetailDatabase,
  type RetailDatabase,
} from '../../support/retail-database.ts'

const TENANT_TABLES = ['stores', 'customers', 'orders', 'order_items', 'inventory'] as const

let rdb: RetailDatabase
let storeManager: Caller
let regionalManager: Caller
let headOffice: Caller

beforeAll(async () => {
  rdb = await getRetailDatabase()
  storeManager = await demoCaller(rdb, 'storeManager')
  regionalManager = await demoCaller(rdb, 'regionalManager')
  headOffice = await demoCaller(rdb, 'headOffice')
})

/** What a caller sees of a table: its row count and the stores those rows belong to. */
async function seen(caller: Caller, table: string) {
  return withTenant(rdb.tdb, caller, async (tx) => {
    const rows = (
      await tx.query(`SELECT store_id, count(*)::int AS n FROM retail.${table} GROUP BY store_id`, [])
    ).rows
    return {
      stores: rows.map((r) => r.store_id as string).sort(),
      count: rows.reduce((sum, r) => sum + r.n, 0),
    }
  })
}

async function oracleCount(table: string, storeIds: readonly string[]) {
  const [row] = await adminQuery<{ n: number }>(
    rdb.admin,
    `SELECT count(*)::int AS n FROM retail.${table} WHERE store_id = ANY($1::uuid[])`,
    [storeIds],
  )
  return row!.n
}

describe('row level security', () => {
  it('resolves the demo identities to one store, one region, and every store', async () => {
    const [{ n: allStores }] = (await adminQuery<{ n: number }>(
      rdb.admin,
      'SELECT count(*)::int AS n FROM retail.stores',
    )) as [{ n: number }]
    expect(storeManager.kind).toBe('store_manager')
    expect(storeManager.storeIds).toHaveLength(1)
    expect(regionalManager.kind).toBe('regional_manager')
    const regionStores = await adminQuery<{ store_id: string }>(
      rdb.admin,
      `SELECT s.store_id FROM retail.stores s JOIN tenancy.regional_managers rm ON rm.region_id = s.region_id
       WHERE rm.rls_user_id = $1 ORDER BY s.store_id`,
      [regionalManager.rlsUserId],
    )
    expect(regionalManager.storeIds).toEqual(regionStores.map((r) => r.store_id))
    expect(regionalManager.storeIds.length).toBeGreaterThan(1)
    expect(headOffice.storeIds).toHaveLength(allStores)
  })

  for (const table of TENANT_TABLES) {
    it(`a store manager sees exactly their store's ${table}`, async () => {
      const view = await seen(storeManager, table)
      expect(view.stores).toEqual([...storeManager.storeIds])
      expect(view.count).toBe(await oracleCount(table, storeManager.storeIds))
    })

    it(`a regional manager sees exactly their region's ${table}`, async () => {
      const view = await seen(regionalManager, table)
      expect(view.stores.every((id) => regionalManager.storeIds.includes(id))).toBe(true)
      expect(view.count).toBe(await oracleCount(table, regionalManager.storeIds))
    })

    it(`head office sees every row of ${table}`, async () => {
      const [all] = await adminQuery<{ n: number }>(
        rdb.admin,
        `SELECT count(*)::int AS n FROM retail.${table}`,
      )
      expect((await seen(headOffice, table)).count).toBe(all!.n)
    })
  }

  it('returns zero rows on every tenant table when no context is set', async () => {
    const lease = await rdb.app.acquire()
    try {
      await lease.connection.exec('BEGIN READ ONLY')
      await lease.connection.query("SELECT set_config('role', 'head_office', true)", [])
      for (const table of TENANT_TABLES) {
        const { rows } = await lease.connection.query(`SELECT count(*)::int AS n FROM retail.${table}`, [])
        expect({ table, n: rows[0].n }).toEqual({ table, n: 0 })
      }
    } finally {
      await lease.connection.exec('ROLLBACK')
      lease.release()
    }
  })

  it('forgets the context when the transaction ends, on the same pooled connection', async () => {
    const lease = await rdb.app.acquire()
    const conn = lease.connection
    const single = {
      ...rdb.tdb,
      db: {
        kind: rdb.app.kind,
        acquire: async () => ({ connection: conn, release: () => {} }),
        close: async () => {},
      },
    }
    try {
      expect(
        (await withTenant(
          single,
          headOffice,
          async (tx) => (await tx.query('SELECT count(*)::int AS n FROM retail.orders', [])).rows[0].n,
        )) > 0,
      ).toBe(true)
      await conn.exec('BEGIN READ ONLY')
      const { rows } = await conn.query(
        "SELECT current_setting('zava.tenant', true) AS context, current_user AS role",
        [],
      )
      await conn.query("SELECT set_config('role', 'head_office', true)", [])
      const stores = await conn.query('SELECT count(*)::int AS n FROM retail.stores', [])
      await conn.exec('ROLLBACK')
      expect(rows[0].context ?? '').toBe('')
      expect(rows[0].role).not.toBe('head_office')
      expect(stores.rows[0].n).toBe(0)
    } finally {
      lease.release()
    }
  })

  it('rejects a forged or unsigned context instead of trusting it', async () => {
    const forged = `${headOffice.rlsUserId}.${Math.floor(Date.now() / 1000) + 60}.${'0'.repeat(64)}`
    for (const context of [forged, headOffice.rlsUserId, 'garbage']) {
      const lease = await rdb.app.acquire()
      try {
        await lease.connection.exec('BEGIN READ ONLY')
        await lease.connection.query(
          "SELECT set_config('role', 'store_manager', true), set_config('zava.tenant', $1, true)",
          [context],
        )
        const attempt = lease.connection.query('SELECT count(*) FROM retail.orders', [])
        await expect(attempt).rejects.toMatchObject({ code: '42501' })
      } finally {
        await lease.connection.exec('ROLLBACK')
        lease.release()
      }
    }
  })

  it('rejects an expired context', async () => {
    const expired = rdb.signer.sign(headOffice.rlsUserId, -5)
    const lease = await rdb.app.acquire()
    try {
      await lease.connection.exec('BEGIN READ ONLY')
      await lease.connection.query(
        "SELECT set_config('role', 'head_office', true), set_config('zava.tenant', $1, true)",
        [expired],
      )
      await expect(lease.connection.query('SELECT count(*) FROM retail.orders', [])).rejects.toMatchObject({
        code: '42501',
      })
    } finally {
      await lease.connection.exec('ROLLBACK')
      lease.release()
    }
  })

  it('evaluates the tenant check once per query and can still use the orders index', async () => {
    const plan = await withTenant(rdb.tdb, storeManager, async (tx) => {
      await tx.query("SELECT set_config('enable_seqscan', 'off', true)", [])
      const { rows } = await tx.query(
        `EXPLAIN SELECT count(*) FROM retail.orders WHERE store_id = $1 AND order_date >= '2026-01-01' AND order_date < '2026-04-01'`,
        [storeManager.storeIds[0]],
      )
      return rows.map((r) => r['QUERY PLAN'] as string).join('\n')
    })
    expect(plan).toContain('InitPlan')
    expect(plan).toMatch(/(Index|Index Only|Bitmap Index) Scan (using|on) orders_\w+_idx/)
  })
})

describe('the application role', () => {
  const privileged = [
    ['cannot write', "INSERT INTO retail.regions (name) VALUES ('Atlantis')"],
    ['cannot disable row level security', 'ALTER TABLE retail.orders DISABLE ROW LEVEL SECURITY'],
    ['cannot stop forcing row level security', 'ALTER TABLE retail.orders NO FORCE ROW LEVEL SECURITY'],
    ['cannot take ownership of a table', 'ALTER TABLE retail.orders OWNER TO zava_app'],
    ['cannot read the signing key', 'SELECT * FROM tenancy.signing_key'],
    ['cannot read the identity tables', 'SELECT * FROM tenancy.users'],
  ] as const

  for (const [behaviour, sql] of privileged) {
    it(behaviour, async () => {
      if (!rdb.separateAppRole) return // PGlite has one superuser session: nothing to separate.
      for (const role of [null, 'store_manager', 'regional_manager', 'head_office']) {
        const lease = await rdb.app.acquire()
        try {
          await lease.connection.exec('BEGIN')
          if (role) await lease.connection.query("SELECT set_config('role', $1, true)", [role])
          await expect(lease.connection.query(sql, [])).rejects.toMatchObject({ code: '42501' })
        } finally {
          await lease.connection.exec('ROLLBACK')
          lease.release()
        }
      }
    })
  }

  it('logs in without superuser or BYPASSRLS', async () => {
    if (!rdb.separateAppRole) return
    const lease = await rdb.app.acquire()
    try {
      const { rows } = await lease.connection.query(
        'SELECT rolsuper, rolbypassrls, rolinherit FROM pg_roles WHERE rolname = session_user',
        [],
      )
      expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolinherit: false })
    } finally {
      lease.release()
    }
  })
})
