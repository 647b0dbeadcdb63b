import { describe, expect, it } from 'bun:test'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { createPgliteDb } from '../../../src/data/db.ts'
import { migrate, pendingMigrations, readMigrations } from '../../../src/data/migrations.ts'
import { ConfigurationError } from '../../../src/errors.ts'
import { adminQuery, getRetailDatabase } from '../../support/retail-database.ts'

async function schemaSnapshot(db: Parameters<typeof adminQuery>[0]) {
  return adminQuery(
    db,
    `SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema IN ('retail', 'tenancy', 'zava_meta') ORDER BY 1, 2, 3`,
  )
}

describe('migrations', () => {
  it('apply on server PostgreSQL, and running them again changes nothing', async () => {
    const rdb = await getRetailDatabase()
    const before = await schemaSnapshot(rdb.admin)
    const files = await readMigrations()
    const report = await migrate(rdb.admin)
    expect(report.applied).toEqual([])
    expect(report.alreadyApplied).toEqual(files.map((f) => f.version))
    expect(await schemaSnapshot(rdb.admin)).toEqual(before)
    expect(await pendingMigrations(rdb.admin)).toEqual([])
  })

  it('apply on PGlite with the same result, twice', async () => {
    const pglite = await PGlite.create({ extensions: { vector } })
    const db = createPgliteDb(pglite)
    try {
      const first = await migrate(db)
      expect(first.applied).toEqual((await readMigrations()).map((f) => f.version))
      expect((await migrate(db)).applied).toEqual([])
      const rdb = await getRetailDatabase()
      expect(await schemaSnapshot(db)).toEqual(await schemaSnapshot(rdb.admin))
    } finally {
      await db.close()
    }
  })

  it('refuses to run when an applied migration was changed', async () => {
    const rdb = await getRetailDatabase()
    const files = await readMigrations()
    const tampered = files.map((f, i) =>
      i === 1 ? { ...f, sql: `${f.sql}\n-- edited`, checksum: 'changed' } : f,
    )
    const attempt = migrate(rdb.admin, tampered)
    await expect(attempt).rejects.toBeInstanceOf(ConfigurationError)
    await expect(migrate(rdb.admin, tampered)).rejects.toThrow(/changed after it was applied/)
  })

  it('reports pending migrations on a database that has none applied', async () => {
    const pglite = await PGlite.create({ extensions: { vector } })
    const db = createPgliteDb(pglite)
    try {
      expect(await pendingMigrations(db)).toEqual((await readMigrations()).map((f) => f.version))
    } finally {
      await db.close()
    }
  })
})
