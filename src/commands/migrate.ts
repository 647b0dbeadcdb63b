import { parseArgs } from 'node:util'
import { setAppPassword } from '../../generated/admin.queries.ts'
import { installSigningKey } from '../data/admin.ts'
import { createPostgresDb } from '../data/db.ts'
import { migrate } from '../data/migrations.ts'
import { TenantSigner } from '../data/tenant-context.ts'
import { ConfigurationError } from '../errors.ts'

/**
 * `zava-mcp migrate`: applies sql/ to DATABASE_URL (an admin or owner login), installs the tenant
 * signing key from ZAVA_TENANT_KEY, and optionally sets zava_app's password.
 */
export async function migrateCommand(args: string[], log: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { 'database-url': { type: 'string' }, 'app-password-env': { type: 'string' } },
  })
  const url = values['database-url'] ?? process.env.DATABASE_URL
  if (!url) {
    throw new ConfigurationError(
      'No database to migrate.',
      'Set DATABASE_URL (an admin login) or pass --database-url.',
    )
  }
  const key = process.env.ZAVA_TENANT_KEY
  if (!key) {
    throw new ConfigurationError(
      'ZAVA_TENANT_KEY is not set.',
      'Generate one (`openssl rand -hex 32`), keep it secret, and give the same value to migrate and serve.',
    )
  }
  const db = createPostgresDb(url, { max: 1 })
  try {
    const report = await migrate(db)
    log(
      `Applied ${report.applied.length} migration(s)${report.applied.length ? `: ${report.applied.join(', ')}` : ''}; ${report.alreadyApplied.length} already applied.`,
    )
    await installSigningKey(db, TenantSigner.parse(key))
    log('Installed the tenant signing key.')
    const passwordEnv = values['app-password-env']
    if (passwordEnv) {
      const password = process.env[passwordEnv]
      if (!password)
        throw new ConfigurationError(`${passwordEnv} is empty.`, `Set ${passwordEnv} to zava_app's password.`)
      const lease = await db.acquire()
      try {
        await setAppPassword.run({ password }, lease.connection)
      } finally {
        lease.release()
      }
      log(`Set the password of zava_app from ${passwordEnv}.`)
    }
    return 0
  } finally {
    await db.close()
  }
}
