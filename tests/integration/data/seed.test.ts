import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test'
import { createPgliteDb, createPostgresDb, type Db } from '../../../src/data/db.ts'
import { migrate } from '../../../src/data/migrations.ts'
import {
  DEMO_USERS,
  datasetDigest,
  type SeedReport,
  seedDatabase,
  seedSize,
} from '../../../src/data/seed/index.ts'
import { ConfigurationError } from '../../../src/errors.ts'
import type { ProvisionedDatabase } from '../../../src/infra/provision/index.ts'
import { provisionDatabase } from '../../support/test-database.ts'

// Starting a server can take seconds; bunfig.toml's [test] timeout is not read by Bun.
setDefaultTimeout(120_000)

// Seeding needs an empty database of its own: the shared test database may be seeded by others.
const options = { scale: 0.02, seed: 42 }
let provisioned: ProvisionedDatabase
let db: Db
let report: SeedReport
const progress = new Map<string, number>()

async function query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const lease = await db.acquire()
  try {
    return (await lease.connection.query(sql)).rows as T[]
  } finally {
    lease.release()
  }
}

async function count(table: string): Promise<number> {
  const [row] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
  return row!.n
}

beforeAll(async () => {
  provisioned = await provisionDatabase()
  db = provisioned.pglite
    ? createPgliteDb(provisioned.pglite, { closeOnEnd: false })
    : createPostgresDb(provisioned.url, { max: 2 })
  await migrate(db)
  report = await seedDatabase(db, { ...options, onProgress: (table, rows) => progress.set(table, rows) })
})

afterAll(async () => {
  await db?.close()
  await provisioned?.stop()
})

describe('seedDatabase on PostgreSQL', () => {
  it('loads exactly the rows it reports into every table', async () => {
    for (const [table, rows] of Object.entries(report.rows)) expect(await count(table)).toBe(rows)
    const size = seedSize(options.scale)
    expect(report.rows['retail.stores']).toBe(size.stores)
    expect(report.rows['retail.orders']).toBe(size.orders)
    expect(report.rows['retail.customers']).toBe(size.customers)
    expect(report.rows['retail.order_items']).toBeGreaterThan(size.orders)
    expect(await count('retail.product_description_embeddings')).toBe(0)
  })

  it('reports progress up to the final row count of each table', () => {
    expect(Object.fromEntries(progress)).toEqual(report.rows)
  })

  it('reports the digest that datasetDigest computes without a database', () => {
    expect(report).toMatchObject({ scale: options.scale, seed: options.seed })
    expect(report.digest).toBe(datasetDigest(options))
  })

  it('creates the demo users with their documented kinds, store and region', async () => {
    const users = await query<{ rls_user_id: string; kind: string; display_name: string }>(
      'SELECT rls_user_id::text, kind, display_name FROM tenancy.users',
    )
    for (const demo of Object.values(DEMO_USERS)) {
      expect(users.find((u) => u.rls_user_id === demo.rlsUserId)).toMatchObject({
        kind: demo.kind,
        display_name: demo.displayName,
      })
    }
    const [store] = await query<{ name: string; is_online: boolean }>(
      `SELECT s.name, s.is_online FROM tenancy.store_managers m JOIN retail.stores s USING (store_id)
       WHERE m.rls_user_id = '${DEMO_USERS.storeManager.rlsUserId}'`,
    )
    expect(store).toEqual({ name: 'Zava Seattle Downtown', is_online: false })
    expect(DEMO_USERS.storeManager.description).toContain('Zava Seattle Downtown')
    const [region] = await query<{ name: string; stores: number }>(
      `SELECT r.name, (SELECT count(*)::int FROM retail.stores s WHERE s.region_id = r.region_id) AS stores
       FROM tenancy.regional_managers m JOIN retail.regions r USING (region_id)
       WHERE m.rls_user_id = '${DEMO_USERS.regionalManager.rlsUserId}'`,
    )
    expect(region!.name).toBe('Pacific Northwest')
    expect(region!.stores).toBeGreaterThanOrEqual(2)
  })

  it('gives every store a store manager and every region a regional manager', async () => {
    const [row] = await query<{ stores: number; regions: number }>(
      `SELECT (SELECT count(*)::int FROM retail.stores s WHERE NOT EXISTS
                 (SELECT 1 FROM tenancy.store_managers m WHERE m.store_id = s.store_id)) AS stores,
              (SELECT count(*)::int FROM retail.regions r WHERE NOT EXISTS
                 (SELECT 1 FROM tenancy.regional_managers m WHERE m.region_id = r.region_id)) AS regions`,
    )
    expect(row).toEqual({ stores: 0, regions: 0 })
  })

  it('keeps order totals and line totals consistent in the database', async () => {
    const [row] = await query<{ totals: number; lines: number; online: number }>(
      `SELECT
         (SELECT count(*)::int FROM retail.orders o WHERE o.total_amount <>
            (SELECT sum(i.line_total) FROM retail.order_items i WHERE i.order_id = o.order_id)) AS totals,
         (SELECT count(*)::int FROM retail.order_items
            WHERE line_total <> round(quantity * unit_price * (1 - discount_percent / 100), 2)) AS lines,
         (SELECT count(*)::int FROM retail.stores WHERE is_online) AS online`,
    )
    expect(row).toEqual({ totals: 0, lines: 0, online: 1 })
  })

  it('leaves the tables analysed for the planner', async () => {
    const [row] = await query<{ tuples: number }>(
      "SELECT reltuples::int AS tuples FROM pg_class WHERE oid = 'retail.orders'::regclass",
    )
    expect(row!.tuples).toBeGreaterThan(0)
  })

  it('refuses to seed a database that already has data, and changes nothing', async () => {
    const before = await count('retail.orders')
    const attempt = seedDatabase(db, options)
    await expect(attempt).rejects.toBeInstanceOf(ConfigurationError)
    await expect(attempt).rejects.toThrow(/already has data.*retail\.regions/)
    expect(await count('retail.orders')).toBe(before)
  })
})
