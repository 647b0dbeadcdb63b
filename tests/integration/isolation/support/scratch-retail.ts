import { setAppPassword } from '../../../../generated/admin.queries.ts'
import { installSigningKey } from '../../../../src/data/admin.ts'
import { createPgliteDb, createPostgresDb, type Db } from '../../../../src/data/db.ts'
import { migrate } from '../../../../src/data/migrations.ts'
import { seedDatabase } from '../../../../src/data/seed/index.ts'
import { TenantSigner } from '../../../../src/data/tenant-context.ts'
import type { IsolationTarget } from '../../../../src/service/isolation/index.ts'
import { utcToday } from '../../../../src/service/periods.ts'
import { provisionDatabase } from '../../../support/test-database.ts'
import { loadEdgeData } from './edge-data.ts'

/** A database of its own (never the shared one), migrated, keyed and loaded, for tests that break things. */
export interface ScratchRetail {
  admin: Db
  adminUrl: string
  appUrl: string
  tenantKey: string
  signer: TenantSigner
  separateAppRole: boolean
  target(): IsolationTarget
  /** Runs SQL as the admin (to install a leak, or take it out again). */
  exec(sql: string): Promise<void>
  stop(): Promise<void>
}

const say = (message: string) => process.stderr.write(`[zava-test isolation] ${message}\n`)

export async function provisionScratchRetail(data: 'edge' | 'seed'): Promise<ScratchRetail> {
  const provisioned = await provisionDatabase({ log: say })
  const embedded = provisioned.pglite !== undefined
  const admin = embedded
    ? createPgliteDb(provisioned.pglite!, { closeOnEnd: false })
    : createPostgresDb(provisioned.url, { max: 4 })
  try {
    const tenantKey = TenantSigner.generateKey()
    const signer = TenantSigner.parse(tenantKey)
    await migrate(admin)
    await installSigningKey(admin, signer)
    if (data === 'edge') await loadEdgeData(admin)
    else await seedDatabase(admin, { scale: 0.01, seed: 11, today: utcToday() })
    let appUrl = provisioned.url
    if (!embedded) {
      const password = `test-${crypto.randomUUID()}`
      const lease = await admin.acquire()
      await setAppPassword.run({ password }, lease.connection)
      lease.release()
      const url = new URL(provisioned.url)
      url.username = 'zava_app'
      url.password = password
      appUrl = url.toString()
    }
    const shared: Db = { ...admin, close: async () => {} }
    return {
      admin,
      adminUrl: provisioned.url,
      appUrl,
      tenantKey,
      signer,
      separateAppRole: !embedded,
      target: () => ({
        admin,
        openApp: (max) => (embedded ? shared : createPostgresDb(appUrl, { max })),
        signer,
      }),
      async exec(sql) {
        const lease = await admin.acquire()
        try {
          await lease.connection.exec(sql)
        } finally {
          lease.release()
        }
      },
      async stop() {
        await admin.close().catch(() => {})
        await provisioned.stop()
      },
    }
  } catch (err) {
    await admin.close().catch(() => {})
    await provisioned.stop()
    throw err
  }
}

/** Runs and seed of the isolation tests: ISOLATION_RUNS or FC_RUNS, FC_SEED (printed, to replay). */
export function isolationRuns(fallback: number): number {
  const text = process.env.ISOLATION_RUNS ?? process.env.FC_RUNS
  const runs = text === undefined ? fallback : Number(text)
  if (!Number.isInteger(runs) || runs <= 0)
    throw new Error(`ISOLATION_RUNS/FC_RUNS=${text} is not a positive integer`)
  return runs
}

export function isolationSeed(): number {
  const text = process.env.FC_SEED
  return text === undefined ? Date.now() % 2 ** 31 : Number(text)
}
