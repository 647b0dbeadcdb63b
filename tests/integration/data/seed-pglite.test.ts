import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { createPgliteDb, type Db } from '../../../src/data/db.ts'
import { migrate } from '../../../src/data/migrations.ts'
import { datasetDigest, type SeedReport, seedDatabase, seedSize } from '../../../src/data/seed/index.ts'
import { ConfigurationError } from '../../../src/errors.ts'

setDefaultTimeout(120_000)

const options = { scale: 0.05, seed: 42 }
let db: Db
let unmigrated: unknown
let report: SeedReport
let seedMs: number

beforeAll(async () => {
  db = createPgliteDb(await PGlite.create({ extensions: { vector } }))
  unmigrated = await seedDatabase(db, options).catch((err: unknown) => err)
  await migrate(db)
  const started = performance.now()
  report = await seedDatabase(db, options)
  seedMs = performance.now() - started
})

afterAll(async () => {
  await db?.close()
})

describe('seedDatabase on PGlite', () => {
  it('refuses a database that has not been migrated, with a hint to migrate first', () => {
    expect(unmigrated).toBeInstanceOf(ConfigurationError)
    expect((unmigrated as ConfigurationError).hint).toMatch(/migrat/i)
  })

  it('loads the embedded default scale (0.05) in a few seconds', async () => {
    expect(seedMs).toBeLessThan(15_000)
    const lease = await db.acquire()
    try {
      const { rows } = await lease.connection.query(
        'SELECT (SELECT count(*) FROM retail.orders) AS orders, (SELECT count(*) FROM retail.order_items) AS items',
      )
      expect(rows[0]).toEqual({ orders: seedSize(0.05).orders, items: report.rows['retail.order_items'] })
    } finally {
      lease.release()
    }
  })

  it('loads the same bytes as on a server (same digest)', () => {
    expect(report.digest).toBe(datasetDigest(options))
  })
})
