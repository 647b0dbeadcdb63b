import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { setAppPassword } from '../../../generated/admin.queries.ts'
import { installSigningKey } from '../../../src/data/admin.ts'
import { createPostgresDb } from '../../../src/data/db.ts'
import { migrate, readMigrations } from '../../../src/data/migrations.ts'
import { seedDatabase } from '../../../src/data/seed/index.ts'
import { TenantSigner } from '../../../src/data/tenant-context.ts'
import { utcToday } from '../../../src/service/periods.ts'
import type { BenchServer } from './server.ts'

/** A migrated, seeded database on a bench server, with the login the server uses (zava_app). */
export interface Dataset {
  name: string
  scale: number
  seed: number
  /** The last order date of the data: tools resolve periods against it. */
  today: string
  /** Superuser/owner URL of this database (RLS does not apply). */
  adminUrl: string
  /** zava_app's URL: what a deployed server logs in as. */
  appUrl: string
  signer: TenantSigner
  /** The signing key as ZAVA_TENANT_KEY takes it (hex), for a server started as a subprocess */
  tenantKey: string
  reused: boolean
  /** Time spent creating, migrating, seeding and vacuuming (0 when reused). */
  preparedMs: number
  cacheKey: string
}

export interface DatasetOptions {
  scale: number
  seed: number
  /** Data older than this (its last order date) is reseeded, so `current_date` SQL still finds recent orders. */
  maxAgeDays: number
  reseed: boolean
  log: (line: string) => void
}

const META = 'zava_bench_meta'
/** Kept on a persistent local cluster; older datasets are dropped when a new one is made. */
const KEEP_DATASETS = 6
const DATASET_LOCK = 0x7a617661
/** One password per run: it is cluster-wide, so every dataset of the run must agree on it. */
const runPassword = `bench-${randomBytes(12).toString('hex')}`

/**
 * Returns the dataset for (scale, seed), reusing the database left by an earlier run when its cache key
 * (scale, seed, migration checksums, seed-generator source) matches and its data is recent enough;
 * otherwise (re)creates it: CREATE DATABASE, migrate, seed, VACUUM ANALYZE (so autovacuum does not
 * wake up mid-measurement), record the key. Concurrent runs on one server serialise on an advisory lock.
 */
export async function ensureDataset(server: BenchServer, opts: DatasetOptions): Promise<Dataset> {
  const cacheKey = await datasetKey(opts.scale, opts.seed)
  const name = `zava_bench_${cacheKey.slice(0, 16)}`
  const adminUrl = withDatabase(server.adminUrl, name)
  const admin = new pg.Client({ connectionString: server.adminUrl })
  await admin.connect()
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [DATASET_LOCK])
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1
    const meta = exists ? await readMeta(adminUrl) : undefined
    const age = meta ? daysBetween(meta.today, utcToday()) : Number.POSITIVE_INFINITY
    let reused = meta?.cacheKey === cacheKey && age <= opts.maxAgeDays && !opts.reseed
    let preparedMs = 0
    let today = meta?.today ?? utcToday()
    let key = meta?.tenantKey ?? TenantSigner.generateKey()
    if (reused) {
      opts.log(`dataset ${name}: reusing scale ${opts.scale}, seed ${opts.seed}, data up to ${today}`)
    } else {
      const why = !exists ? 'new' : opts.reseed ? '--reseed' : meta ? `data is ${age} days old` : 'incomplete'
      opts.log(`dataset ${name}: seeding scale ${opts.scale}, seed ${opts.seed} (${why})`)
      const started = performance.now()
      if (exists) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`)
      await admin.query(`CREATE DATABASE ${name}`)
      today = utcToday()
      key = TenantSigner.generateKey()
      await build(adminUrl, { ...opts, today, key, cacheKey })
      preparedMs = Math.round(performance.now() - started)
      opts.log(`dataset ${name}: ready in ${(preparedMs / 1000).toFixed(1)} s`)
      reused = false
      if (server.backend === 'local' && server.persistent) await prune(admin, server.adminUrl, name, opts.log)
    }
    const appUrl = await appLogin(adminUrl, opts.log)
    return {
      name,
      scale: opts.scale,
      seed: opts.seed,
      today,
      adminUrl,
      appUrl,
      signer: TenantSigner.parse(key),
      tenantKey: key,
      reused,
      preparedMs,
      cacheKey,
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [DATASET_LOCK]).catch(() => {})
    await admin.end()
  }
}

/** The cache key: what decides the bytes in the database. */
export async function datasetKey(scale: number, seed: number): Promise<string> {
  const migrations = (await readMigrations()).map((m) => `${m.version}:${m.checksum}`)
  const seedDir = join(import.meta.dir, '..', '..', '..', 'src', 'data', 'seed')
  const code = createHash('sha256')
  for (const file of listFiles(seedDir)) code.update(file).update(readFileSync(file))
  return createHash('sha256')
    .update(JSON.stringify({ scale, seed, migrations, seedCode: code.digest('hex') }))
    .digest('hex')
}

async function build(
  url: string,
  opts: DatasetOptions & { today: string; key: string; cacheKey: string },
): Promise<void> {
  const db = createPostgresDb(url, { max: 1, applicationName: 'zava-bench-seed' })
  try {
    await migrate(db)
    await installSigningKey(db, TenantSigner.parse(opts.key))
    await seedDatabase(db, { scale: opts.scale, seed: opts.seed, today: opts.today })
    const lease = await db.acquire()
    try {
      await lease.connection.exec('VACUUM (ANALYZE)')
      await lease.connection.exec(`
        CREATE SCHEMA ${META};
        REVOKE ALL ON SCHEMA ${META} FROM PUBLIC;
        CREATE TABLE ${META}.dataset (cache_key text, scale numeric, seed bigint, today date, tenant_key text,
          seeded_at timestamptz DEFAULT now(), last_used_at timestamptz DEFAULT now())`)
      await lease.connection.query(
        `INSERT INTO ${META}.dataset (cache_key, scale, seed, today, tenant_key) VALUES ($1, $2, $3, $4, $5)`,
        [opts.cacheKey, opts.scale, opts.seed, opts.today, opts.key],
      )
    } finally {
      lease.release()
    }
  } finally {
    await db.close()
  }
}

async function readMeta(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query(
      `SELECT cache_key, to_char(today, 'YYYY-MM-DD') AS today, tenant_key FROM ${META}.dataset LIMIT 1`,
    )
    await client.query(`UPDATE ${META}.dataset SET last_used_at = now()`)
    const row = rows[0]
    return row
      ? { cacheKey: row.cache_key as string, today: row.today as string, tenantKey: row.tenant_key as string }
      : undefined
  } catch {
    return undefined
  } finally {
    await client.end()
  }
}

/**
 * zava_app's URL. Its password is cluster-wide: on a shared `url` server set ZAVA_BENCH_APP_PASSWORD to
 * the existing one instead of letting the bench set a new one.
 */
async function appLogin(adminUrl: string, log: (line: string) => void): Promise<string> {
  const given = process.env.ZAVA_BENCH_APP_PASSWORD
  const password = given ?? runPassword
  if (!given) {
    const db = createPostgresDb(adminUrl, { max: 1 })
    try {
      const lease = await db.acquire()
      await setAppPassword.run({ password }, lease.connection).finally(() => lease.release())
    } finally {
      await db.close()
    }
  } else log('using zava_app with the password from ZAVA_BENCH_APP_PASSWORD')
  const url = new URL(adminUrl)
  url.username = 'zava_app'
  url.password = password
  return url.toString()
}

/** Keeps the most recently used bench datasets of a local cache cluster, dropping the rest. */
async function prune(
  admin: pg.Client,
  serverUrl: string,
  keep: string,
  log: (line: string) => void,
): Promise<void> {
  const { rows } = await admin.query(
    "SELECT datname FROM pg_database WHERE datname LIKE 'zava\\_bench\\_%' AND datname <> $1",
    [keep],
  )
  if (rows.length < KEEP_DATASETS) return
  const used: { name: string; at: number }[] = []
  for (const { datname } of rows as { datname: string }[]) {
    const client = new pg.Client({ connectionString: withDatabase(serverUrl, datname) })
    let at = 0
    try {
      await client.connect()
      at = Number(
        (await client.query(`SELECT extract(epoch FROM last_used_at) AS at FROM ${META}.dataset`)).rows[0]
          ?.at ?? 0,
      )
    } catch {
      // incomplete dataset: first to go
    } finally {
      await client.end().catch(() => {})
    }
    used.push({ name: datname, at })
  }
  used.sort((a, b) => b.at - a.at)
  for (const { name } of used.slice(KEEP_DATASETS - 1)) {
    log(`dataset cache: dropping ${name}`)
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}
