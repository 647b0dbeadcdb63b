import { setAppPassword } from '../../generated/admin.queries.ts'
import { installSigningKey } from '../../src/data/admin.ts'
import { createPgliteDb, createPostgresDb, type Db } from '../../src/data/db.ts'
import { migrate } from '../../src/data/migrations.ts'
import { DEMO_USERS, seedDatabase } from '../../src/data/seed/index.ts'
import { TenantSigner } from '../../src/data/tenant-context.ts'
import { resolveCaller, type TenantDb } from '../../src/data/with-tenant.ts'
import { utcToday } from '../../src/service/periods.ts'
import { getTestDatabase } from './test-database.ts'

export const TEST_SCALE = 0.02
export const TEST_TODAY = utcToday()
export const TEST_TIMEOUTS = { statementMs: 10_000, lockMs: 2_000, idleInTransactionMs: 30_000 }

export interface RetailDatabase {
  backend: string
  /** Superuser / owner connection: RLS does not apply (the oracle's view). */
  admin: Db
  /** The server's own login: zava_app on a server; the only session on PGlite. */
  app: Db
  tdb: TenantDb
  signer: TenantSigner
  /** The signing key as ZAVA_TENANT_KEY takes it (hex). */
  tenantKey: string
  adminUrl: string
  appUrl: string
  /** True where zava_app is a real, separate login (not PGlite). */
  separateAppRole: boolean
}

let shared: Promise<RetailDatabase> | undefined

/**
 * The shared test database, migrated and seeded at a small scale, with a signing key installed
 * and (on a server) zava_app able to log in. Built once per `bun test` process.
 */
export function getRetailDatabase(): Promise<RetailDatabase> {
  shared ??= build()
  return shared
}

async function build(): Promise<RetailDatabase> {
  const provisioned = await getTestDatabase()
  const embedded = provisioned.pglite !== undefined
  const admin = embedded
    ? createPgliteDb(provisioned.pglite!, { closeOnEnd: false })
    : createPostgresDb(provisioned.url, { max: 4 })
  const tenantKey = TenantSigner.generateKey()
  const signer = TenantSigner.parse(tenantKey)
  await migrate(admin)
  await installSigningKey(admin, signer)
  await seedDatabase(admin, { scale: TEST_SCALE, seed: 7, today: TEST_TODAY })
  let appUrl = provisioned.url
  let app = admin
  if (!embedded) {
    const password = `test-${crypto.randomUUID()}`
    const lease = await admin.acquire()
    await setAppPassword.run({ password }, lease.connection)
    lease.release()
    const url = new URL(provisioned.url)
    url.username = 'zava_app'
    url.password = password
    appUrl = url.toString()
    app = createPostgresDb(appUrl, { max: 4 })
  }
  return {
    backend: provisioned.backend,
    admin,
    app,
    tdb: { db: app, signer, timeouts: TEST_TIMEOUTS },
    signer,
    tenantKey,
    adminUrl: provisioned.url,
    appUrl,
    separateAppRole: !embedded,
  }
}

/** Runs one query as the admin (no RLS): the oracle for what each tenant should see. */
export async function adminQuery<T = Record<string, unknown>>(
  db: Db,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const lease = await db.acquire()
  try {
    return (await lease.connection.query(text, values)).rows as T[]
  } finally {
    lease.release()
  }
}

export const demoCaller = (rdb: RetailDatabase, who: keyof typeof DEMO_USERS) =>
  resolveCaller(rdb.tdb, DEMO_USERS[who].rlsUserId)
