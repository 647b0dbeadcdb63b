import { countStoresAsAdmin, describeLoginRole, installSigningKey } from './data/admin.ts'
import { createPostgresDb } from './data/db.ts'
import { openEmbeddedDatabase } from './data/embedded.ts'
import { migrate, pendingMigrations } from './data/migrations.ts'
import { seedDatabase } from './data/seed/index.ts'
import { guardSql } from './data/sql-guard/index.ts'
import { TenantSigner } from './data/tenant-context.ts'
import { type Caller, resolveCaller, type TenantDb } from './data/with-tenant.ts'
import { AuthenticationError, ConfigurationError, ZavaError } from './errors.ts'
import type { Config } from './infra/config.ts'
import type { Logger } from './infra/log.ts'
import type { Services } from './protocol/deps.ts'
import { utcToday } from './service/periods.ts'
import { SalesQueryService } from './service/sales-query.ts'
import { StorePerformanceService } from './service/store-performance.ts'
import { TableSchemaService } from './service/table-schemas.ts'

export interface Runtime {
  tdb: TenantDb
  services: Services
  backend: 'embedded' | 'postgres'
  close(): Promise<void>
}

/** Opens the configured database, checks it is ready, and builds the services on it. */
export async function openRuntime(config: Config, log: Logger): Promise<Runtime> {
  const timeouts = {
    statementMs: config.STATEMENT_TIMEOUT_MS,
    lockMs: config.LOCK_TIMEOUT_MS,
    idleInTransactionMs: config.IDLE_IN_TRANSACTION_TIMEOUT_MS,
  }
  const opened = config.DATABASE_URL ? await openServer(config, log) : await openEmbedded(config, log)
  const tdb: TenantDb = { db: opened.db, signer: opened.signer, timeouts }
  const services: Services = {
    schemas: new TableSchemaService(tdb),
    performance: new StorePerformanceService(tdb),
    queries: new SalesQueryService(tdb, {
      guard: (sql) => guardSql(sql),
      timeoutMs: config.QUERY_TIMEOUT_MS,
      limits: { maxRows: config.QUERY_MAX_ROWS, maxBytes: config.QUERY_MAX_BYTES },
    }),
  }
  return { tdb, services, backend: opened.backend, close: opened.close }
}

async function openEmbedded(config: Config, log: Logger) {
  const started = performance.now()
  const embedded = await openEmbeddedDatabase(config.dataDir)
  try {
    const report = await migrate(embedded.db)
    if (report.applied.length > 0) log.info({ applied: report.applied }, 'migrated the embedded database')
    await installSigningKey(embedded.db, embedded.signer)
    if ((await countStoresAsAdmin(embedded.db)) === 0) {
      const seeded = await seedDatabase(embedded.db, {
        scale: config.ZAVA_SEED_SCALE,
        seed: config.ZAVA_SEED,
        today: utcToday(),
      })
      log.info(
        { scale: seeded.scale, rows: seeded.rows, elapsedMs: seeded.elapsedMs },
        'seeded the embedded database',
      )
    }
  } catch (err) {
    await embedded.close()
    throw err
  }
  log.info(
    { dataDir: config.dataDir, ms: Math.round(performance.now() - started) },
    'embedded database ready',
  )
  return { backend: 'embedded' as const, db: embedded.db, signer: embedded.signer, close: embedded.close }
}

async function openServer(config: Config, log: Logger) {
  if (!config.ZAVA_TENANT_KEY) {
    throw new ConfigurationError(
      'ZAVA_TENANT_KEY is required with DATABASE_URL.',
      'Set it to the same key that `zava-mcp migrate` installed (generate one with `openssl rand -hex 32`).',
    )
  }
  const db = createPostgresDb(config.DATABASE_URL!, { applicationName: 'zava-mcp' })
  try {
    const role = await describeLoginRole(db)
    if ((role?.superuser || role?.bypassRls) && !config.ZAVA_ALLOW_PRIVILEGED_LOGIN) {
      throw new ConfigurationError(
        `DATABASE_URL logs in as ${role.name}, which ${role.superuser ? 'is a superuser' : 'bypasses row level security'}.`,
        'Log in as zava_app (created by `zava-mcp migrate`), or set ZAVA_ALLOW_PRIVILEGED_LOGIN=true for local experiments only.',
      )
    }
    const pending = await pendingMigrations(db)
    if (pending.length > 0) {
      throw new ConfigurationError(
        `The database is missing migrations: ${pending.join(', ')}.`,
        'Run `zava-mcp migrate` with an admin DATABASE_URL first.',
      )
    }
  } catch (err) {
    await db.close()
    throw err
  }
  log.info({ database: 'postgres' }, 'database ready')
  return {
    backend: 'postgres' as const,
    db,
    signer: TenantSigner.parse(config.ZAVA_TENANT_KEY),
    close: () => db.close(),
  }
}

/** Resolves the configured identity, turning a key mismatch into a clear start-up error. */
export async function resolveConfiguredCaller(tdb: TenantDb, rlsUserId: string): Promise<Caller> {
  try {
    return await resolveCaller(tdb, rlsUserId)
  } catch (err) {
    if (err instanceof AuthenticationError) throw err
    if (err instanceof ZavaError && err.code === 'AUTHORIZATION_ERROR') {
      throw new ConfigurationError(
        'The database rejected the tenant context: ZAVA_TENANT_KEY differs from the key installed by `zava-mcp migrate`.',
        'Use the same ZAVA_TENANT_KEY for migrate and serve.',
        { cause: err },
      )
    }
    throw err
  }
}
