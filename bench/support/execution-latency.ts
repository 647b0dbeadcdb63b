import * as hdr from 'hdr-histogram-js'
import { installSigningKey } from '../../src/data/admin.ts'
import { runAssistantSql } from '../../src/data/assistant-sql.ts'
import { createPostgresDb } from '../../src/data/db.ts'
import { migrate } from '../../src/data/migrations.ts'
import { DEMO_USERS, seedDatabase } from '../../src/data/seed/index.ts'
import { guardSql } from '../../src/data/sql-guard/index.ts'
import { TenantSigner } from '../../src/data/tenant-context.ts'
import { resolveCaller, withTenant } from '../../src/data/with-tenant.ts'
import { provisionDatabase } from '../../src/infra/provision/index.ts'
import { utcToday } from '../../src/service/periods.ts'

/**
 * Executes guarded queries as head office on a freshly provisioned, seeded database (scale 0.1)
 * and returns p50/p99 in ms per workload: `medium` cycles through its list, the others repeat.
 */
export async function executionLatency(medium: string[], others: Record<string, string[]>, repetitions = 5) {
  const database = await provisionDatabase()
  const db = createPostgresDb(database.url, { max: 1 })
  try {
    const signer = TenantSigner.parse(TenantSigner.generateKey())
    await migrate(db)
    await installSigningKey(db, signer)
    await seedDatabase(db, { scale: 0.1, seed: 42, today: utcToday() })
    const tdb = { db, signer, timeouts: { statementMs: 30_000, lockMs: 2_000, idleInTransactionMs: 60_000 } }
    const caller = await resolveCaller(tdb, DEMO_USERS.headOffice.rlsUserId)
    const result: Record<string, { p50: number; p99: number }> = {}
    const failed = new Set<string>()
    for (const [name, list] of Object.entries({ medium, ...others })) {
      const histogram = hdr.build({
        lowestDiscernibleValue: 1,
        highestTrackableValue: 600_000_000,
        numberOfSignificantValueDigits: 3,
      })
      for (let rep = 0; rep <= repetitions; rep++) {
        for (const sql of list) {
          const guarded = await guardSql(sql)
          const started = performance.now()
          try {
            await withTenant(
              tdb,
              caller,
              (tx) => runAssistantSql(tx, guarded.sql, { maxRows: 500, maxBytes: 262_144 }),
              {
                rollback: true,
              },
            )
          } catch (err) {
            // The guard parses PostgreSQL 18 syntax; an older server may reject some of it.
            failed.add(`${sql.slice(0, 60).replace(/\s+/g, ' ')}…: ${(err as Error).message}`)
            continue
          }
          if (rep > 0) histogram.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)))
        }
      }
      if (histogram.totalCount > 0)
        result[name] = {
          p50: histogram.getValueAtPercentile(50) / 1000,
          p99: histogram.getValueAtPercentile(99) / 1000,
        }
    }
    for (const line of failed) console.log(`  skipped (the server refused it): ${line}`)
    return result
  } finally {
    await db.close()
    await database.stop()
  }
}
