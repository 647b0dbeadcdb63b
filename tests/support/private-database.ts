import { setAppPassword } from '../../generated/admin.queries.ts'
import { installSigningKey } from '../../src/data/admin.ts'
import { createPostgresDb } from '../../src/data/db.ts'
import { migrate } from '../../src/data/migrations.ts'
import { seedDatabase } from '../../src/data/seed/index.ts'
import { TenantSigner } from '../../src/data/tenant-context.ts'
import { provisionDatabase } from '../../src/infra/provision/index.ts'
import { type LocalClusterControl, localClusterControl } from '../../src/infra/provision/local-control.ts'
import { utcToday } from '../../src/service/periods.ts'

export interface PrivateDatabase {
  adminUrl: string
  /** zava_app's URL, with its password. */
  appUrl: string
  password: string
  tenantKey: string
  control: LocalClusterControl
  stop(): Promise<void>
}

/**
 * A throwaway local cluster of its own, migrated and seeded small, with a zava_app password: for
 * tests that stop and start the database (never the shared one). Needs local PostgreSQL binaries
 * with pgvector; the caller skips when `provisionDatabase({ backend: 'local' })` is unavailable.
 */
export async function createPrivateDatabase(scale = 0.01): Promise<PrivateDatabase> {
  const cluster = await provisionDatabase({ backend: 'local' })
  try {
    const admin = createPostgresDb(cluster.url, { max: 2 })
    const tenantKey = TenantSigner.generateKey()
    const password = `pw-${crypto.randomUUID()}`
    try {
      await migrate(admin)
      await installSigningKey(admin, TenantSigner.parse(tenantKey))
      await seedDatabase(admin, { scale, seed: 11, today: utcToday() })
      const lease = await admin.acquire()
      await setAppPassword.run({ password }, lease.connection)
      lease.release()
    } finally {
      await admin.close()
    }
    const app = new URL(cluster.url)
    app.username = 'zava_app'
    app.password = password
    return {
      adminUrl: cluster.url,
      appUrl: app.toString(),
      password,
      tenantKey,
      control: await localClusterControl(cluster),
      stop: () => cluster.stop(),
    }
  } catch (err) {
    await cluster.stop()
    throw err
  }
}
