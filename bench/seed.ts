/**
 * Times the demo data load: creates a scratch database on a PostgreSQL server, migrates it, seeds
 * it and drops it again, then prints rows/s per table and in total.
 *
 *   bun bench/seed.ts [--scale 1] [--seed 42] [--keep]
 *   bun bench/seed.ts --pglite [--scale 0.05]
 *
 * The server is DATABASE_URL, else ZAVA_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:55432/postgres
 * (a role that may CREATE DATABASE). --keep leaves the database in place and prints its URL.
 */
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import pg from 'pg'
import { createPgliteDb, createPostgresDb, type Db } from '../src/data/db.ts'
import { migrate } from '../src/data/migrations.ts'
import { DEFAULT_SEED, type SeedReport, seedDatabase } from '../src/data/seed/index.ts'

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(`--${name}`)
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : fallback
}
const pglite = flag('pglite')
const scale = option('scale', pglite ? 0.05 : 1)
const seed = option('seed', DEFAULT_SEED)
const serverUrl =
  process.env.DATABASE_URL ??
  process.env.ZAVA_TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:55432/postgres'

/** Per table: when its first rows were handed over, so each table's load time can be told apart. */
const firstSeen = new Map<string, number>()
const onProgress = (table: string) => {
  if (!firstSeen.has(table)) firstSeen.set(table, performance.now())
}

async function run(db: Db): Promise<SeedReport> {
  const t0 = performance.now()
  await migrate(db)
  console.log(`migrate: ${Math.round(performance.now() - t0)} ms`)
  return seedDatabase(db, { scale, seed, onProgress })
}

function print(report: SeedReport, backend: string) {
  const total = Object.values(report.rows).reduce((a, b) => a + b, 0)
  const tables = [...firstSeen.entries()]
  const end = tables.length > 0 ? tables[0]![1] + report.elapsedMs : 0
  console.log(`\n${backend}, scale ${report.scale}, seed ${report.seed}`)
  tables.forEach(([table, start], i) => {
    const stop = tables[i + 1]?.[1] ?? end
    const rows = report.rows[table] ?? 0
    const seconds = (stop - start) / 1000
    console.log(`  ${table.padEnd(28)} ${String(rows).padStart(9)} rows ${seconds.toFixed(2).padStart(7)} s`)
  })
  const seconds = report.elapsedMs / 1000
  console.log(
    `  ${'total'.padEnd(28)} ${String(total).padStart(9)} rows ${seconds.toFixed(2).padStart(7)} s  ` +
      `${Math.round(total / seconds)} rows/s (incl. ANALYZE)`,
  )
  console.log(`  digest ${report.digest}`)
}

if (pglite) {
  const t0 = performance.now()
  const instance = await PGlite.create({ extensions: { vector } })
  console.log(`PGlite start: ${Math.round(performance.now() - t0)} ms`)
  const db = createPgliteDb(instance)
  try {
    print(await run(db), 'PGlite')
  } finally {
    await db.close()
  }
} else {
  const name = `zava_seed_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const db = createPostgresDb(url.toString(), { max: 1 })
  try {
    print(await run(db), `PostgreSQL ${url.host}`)
  } finally {
    await db.close()
    if (flag('keep')) console.log(`kept ${url.toString()}`)
    else await admin.query(`DROP DATABASE ${name}`)
    await admin.end()
  }
}
