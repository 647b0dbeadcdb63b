import { createHash } from 'node:crypto'
import { ConfigurationError } from '../../errors.ts'
import type { Connection, Db } from '../db.ts'
import { sqlState } from '../errors.ts'
import { datasetTables, planDataset } from './dataset.ts'
import { startTable } from './digest.ts'
import { type SeedOptions, validateOptions } from './options.ts'
import { ANALYZE_SQL, copyStatement, NON_EMPTY_TABLES_SQL } from './tables.ts'

export interface SeedReport {
  scale: number
  seed: number
  /** Rows loaded per table ('retail.orders': 200000, …). */
  rows: Record<string, number>
  /** Same as `datasetDigest` of the same options. */
  digest: string
  elapsedMs: number
}

/**
 * Loads the demo data set into an empty, migrated database: every table with COPY, in one
 * transaction (all or nothing), then ANALYZE. Runs as the database owner or superuser, which
 * bypasses Row Level Security. Refuses a database whose seeded tables already hold rows.
 */
export async function seedDatabase(db: Db, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now()
  const valid = validateOptions(options)
  const plan = planDataset(valid)
  const hash = createHash('sha256')
  const rows: Record<string, number> = {}
  const lease = await db.acquire()
  const conn = lease.connection
  try {
    await conn.exec('BEGIN')
    try {
      await assertEmpty(conn)
      for (const { table, chunks } of datasetTables(plan)) {
        startTable(hash, table)
        let loaded = 0
        rows[table] = 0
        async function* source() {
          for (const chunk of chunks()) {
            hash.update(chunk.csv)
            loaded += chunk.rows
            options.onProgress?.(table, loaded)
            yield chunk.csv
          }
        }
        await conn.copyFrom(copyStatement(table), source())
        rows[table] = loaded
      }
      await conn.exec('COMMIT')
    } catch (err) {
      await conn.exec('ROLLBACK').catch(() => {})
      throw err
    }
    await conn.exec(ANALYZE_SQL)
  } catch (err) {
    lease.release(err instanceof Error ? err : new Error(String(err)))
    throw err
  }
  lease.release()
  return {
    scale: valid.scale,
    seed: valid.seed,
    rows,
    digest: hash.digest('hex'),
    elapsedMs: Math.round(performance.now() - started),
  }
}

async function assertEmpty(conn: Connection): Promise<void> {
  let nonEmpty: string[]
  try {
    nonEmpty = (await conn.query(NON_EMPTY_TABLES_SQL)).rows.map((r: { table_name: string }) => r.table_name)
  } catch (err) {
    const state = sqlState(err)
    if (state === '42P01' || state === '3F000') {
      throw new ConfigurationError(
        'Cannot seed: the retail and tenancy tables do not exist in this database.',
        'Run the migrations first (migrate), then seed.',
        { cause: err },
      )
    }
    throw err
  }
  if (nonEmpty.length > 0) {
    throw new ConfigurationError(
      `Cannot seed: the database already has data (${nonEmpty.join(', ')} not empty).`,
      'Seed only an empty, freshly migrated database: drop and re-create it (or use a new one), migrate, then seed.',
    )
  }
}
