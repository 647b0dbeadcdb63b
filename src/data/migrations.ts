import { createHash } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import {
  getAppliedMigrations,
  lockMigrations,
  migrationsTableExists,
  recordMigration,
} from '../../generated/migrations.queries.ts'
import { ConfigurationError } from '../errors.ts'
import { bumpDataVersion } from './data-version.ts'
import type { Db } from './db.ts'

export const SQL_DIR = join(import.meta.dir, '..', '..', 'sql')

export interface MigrationFile {
  version: string
  path: string
  sql: string
  checksum: string
}

export interface MigrationReport {
  applied: string[]
  alreadyApplied: string[]
}

/** The ordered migration files of `sql/` (`NNN_name.sql`). */
export async function readMigrations(dir = SQL_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name)).sort()
  return Promise.all(
    names.map(async (name) => {
      const path = join(dir, name)
      const sql = await Bun.file(path).text()
      return { version: name.replace(/\.sql$/, ''), path, sql, checksum: sha256(sql) }
    }),
  )
}

/**
 * Applies the files not yet applied, each in its own transaction under an advisory lock, and
 * records them. Refuses to go on when an applied file has changed since: a migration, once
 * applied somewhere, is history; write a new one instead.
 */
export async function migrate(db: Db, files?: MigrationFile[]): Promise<MigrationReport> {
  const migrations = files ?? (await readMigrations())
  const report: MigrationReport = { applied: [], alreadyApplied: [] }
  const lease = await db.acquire()
  const conn = lease.connection
  try {
    await conn.exec(await Bun.file(join(SQL_DIR, 'meta', 'schema-migrations.sql')).text())
    for (const file of migrations) {
      await conn.exec('BEGIN')
      try {
        await lockMigrations.run(undefined, conn)
        const applied = new Map((await getAppliedMigrations.run(undefined, conn)).map((m) => [m.version, m]))
        const previous = applied.get(file.version)
        if (previous) {
          if (previous.checksum !== file.checksum) {
            throw new ConfigurationError(
              `Migration ${file.version} was changed after it was applied (checksum differs).`,
              'Restore the original file and add a new migration for the change.',
            )
          }
          report.alreadyApplied.push(file.version)
        } else {
          await conn.exec(file.sql)
          // Files may SET LOCAL ROLE to the owner; the bookkeeping is the migrator's own.
          await conn.exec('RESET ROLE')
          await recordMigration.run({ version: file.version, checksum: file.checksum }, conn)
          report.applied.push(file.version)
        }
        await conn.exec('COMMIT')
      } catch (err) {
        await conn.exec('ROLLBACK')
        throw err
      }
    }
  } catch (err) {
    lease.release(err instanceof Error ? err : undefined)
    throw err
  }
  lease.release()
  // New structure may change answers: cached ones must not outlive it (006 creates the counter).
  if (report.applied.length > 0 && migrations.some((m) => m.version === '006_data_version')) {
    await bumpDataVersion(db, `migrate ${report.applied.at(-1)}`)
  }
  return report
}

/** Versions in `sql/` that the database has not applied (empty when current). */
export async function pendingMigrations(db: Db, files?: MigrationFile[]): Promise<string[]> {
  const migrations = files ?? (await readMigrations())
  const lease = await db.acquire()
  try {
    const [table] = await migrationsTableExists.run(undefined, lease.connection)
    if (!table?.exists) return migrations.map((m) => m.version)
    const applied = new Set(
      (await getAppliedMigrations.run(undefined, lease.connection)).map((m) => m.version),
    )
    return migrations.filter((m) => !applied.has(m.version)).map((m) => m.version)
  } finally {
    lease.release()
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
