import { countStoresAsAdmin, describeLoginRole, installSigningKey } from './data/admin.ts'
import { bumpDataVersion } from './data/data-version.ts'
import { createPostgresDb } from './data/db.ts'
import { openEmbeddedDatabase } from './data/embedded.ts'
import { migrate, pendingMigrations } from './data/migrations.ts'
import type { Resilience } from './data/resilience.ts'
import { seedDatabase } from './data/seed/index.ts'
import { guardSql } from './data/sql-guard/index.ts'
import type { DataTelemetry } from './data/telemetry.ts'
import { TenantSigner } from './data/tenant-context.ts'
import { type Caller, resolveCaller, type TenantDb } from './data/with-tenant.ts'
import { AuthenticationError, ConfigurationError, ZavaError } from './errors.ts'
import type { Config } from './infra/config.ts'
import { createEmbedder, type Embedder } from './infra/embeddings/embedder.ts'
import type { Logger } from './infra/log.ts'
import type { Metrics } from './infra/metrics.ts'
import { createDatabaseResilience, createTenantCache, poolOptions, warmPool } from './infra/operations.ts'
import type { Services } from './protocol/deps.ts'
import { BackgroundEmbedding } from './service/background-embedding.ts'
import { utcToday } from './service/periods.ts'
import { ProductSearchService } from './service/product-search.ts'
import { SalesQueryService } from './service/sales-query.ts'
import { StorePerformanceService } from './service/store-performance.ts'
import { TableSchemaService } from './service/table-schemas.ts'
import type { TenantCache } from './service/tenant-cache.ts'

export interface Runtime {
  tdb: TenantDb
  services: Services
  backend: 'embedded' | 'postgres'
  /** Work that must not delay start-up: embedding the embedded database's catalogue. Serve calls it. */
  startBackgroundWork(): void
  /** The embedder of semantic search; undefined with EMBEDDINGS_PROVIDER=none. */
  embedder?: Embedder
  /** The tenant cache the services share; undefined when CACHE_TTL_MS is 0. */
  cache?: TenantCache
  close(): Promise<void>
}

/** Runs one named start-up step (the server's `Lifecycle.step` logs and times it). */
export type StartupStep = <T>(name: string, fn: () => Promise<T>) => Promise<T>

export interface RuntimeOptions {
  step?: StartupStep
  metrics?: Metrics
  /** Receives every query (slow-query monitor, metrics); none: queries are not instrumented. */
  telemetry?: DataTelemetry
}

/** Opens the configured database, checks it is ready, and builds the services on it. */
export async function openRuntime(
  config: Config,
  log: Logger,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const step: StartupStep = options.step ?? ((_name, fn) => fn())
  const timeouts = {
    statementMs: config.STATEMENT_TIMEOUT_MS,
    lockMs: config.LOCK_TIMEOUT_MS,
    idleInTransactionMs: config.IDLE_IN_TRANSACTION_TIMEOUT_MS,
  }
  const opened = config.DATABASE_URL
    ? await openServer(config, log, step)
    : await openEmbedded(config, log, step)
  const resilience: Resilience = createDatabaseResilience(config, log, options.metrics)
  const tdb: TenantDb = {
    db: opened.db,
    signer: opened.signer,
    timeouts,
    resilience,
    telemetry: options.telemetry,
  }
  options.metrics?.watchPool(() => opened.db.stats?.())
  const cache = createTenantCache(config, opened.db, { log, metrics: options.metrics, resilience })
  const services: Services = {
    schemas: cache ? new TableSchemaService(tdb, cache) : new TableSchemaService(tdb),
    performance: new StorePerformanceService(tdb, cache),
    queries: new SalesQueryService(tdb, {
      guard: (sql) => guardSql(sql),
      timeoutMs: config.QUERY_TIMEOUT_MS,
      limits: { maxRows: config.QUERY_MAX_ROWS, maxBytes: config.QUERY_MAX_BYTES },
    }),
  }
  // No embedder (EMBEDDINGS_PROVIDER=none): no semantic search tool. The embedded database is the
  // server's own, so it embeds its catalogue itself; a server database is embedded by an operator.
  const embedder = await step('embedder', () => createEmbedder(config.embeddings))
  const background =
    embedder && opened.backend === 'embedded' ? new BackgroundEmbedding(opened.db, embedder, log) : undefined
  if (embedder) services.search = new ProductSearchService(tdb, embedder, { background, log })
  return {
    tdb,
    services,
    backend: opened.backend,
    startBackgroundWork: () => background?.start(),
    embedder,
    cache,
    close: async () => {
      await background?.stop()
      await embedder?.close?.()
      await cache?.close()
      await opened.close()
    },
  }
}

async function openEmbedded(config: Config, log: Logger, step: StartupStep) {
  const started = performance.now()
  const embedded = await step('database', () => openEmbeddedDatabase(config.dataDir))
  try {
    await step('migrations', () => migrateAndSeedEmbedded(embedded, config, log))
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

async function migrateAndSeedEmbedded(
  embedded: Awaited<ReturnType<typeof openEmbeddedDatabase>>,
  config: Config,
  log: Logger,
) {
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
    await bumpDataVersion(embedded.db, 'seed')
  }
}

async function openServer(config: Config, log: Logger, step: StartupStep) {
  if (!config.ZAVA_TENANT_KEY) {
    throw new ConfigurationError(
      'ZAVA_TENANT_KEY is required with DATABASE_URL.',
      'Set it to the same key that `zava-mcp migrate` installed (generate one with `openssl rand -hex 32`).',
    )
  }
  const db = createPostgresDb(config.DATABASE_URL!, poolOptions(config))
  try {
    const role = await step('database', async () => {
      await warmPool(db, Math.min(config.POOL_MIN, config.POOL_MAX))
      return describeLoginRole(db)
    })
    if ((role?.superuser || role?.bypassRls) && !config.ZAVA_ALLOW_PRIVILEGED_LOGIN) {
      throw new ConfigurationError(
        `DATABASE_URL logs in as ${role.name}, which ${role.superuser ? 'is a superuser' : 'bypasses row level security'}.`,
        'Log in as zava_app (created by `zava-mcp migrate`), or set ZAVA_ALLOW_PRIVILEGED_LOGIN=true for local experiments only.',
      )
    }
    await step('migrations', async () => {
      const pending = await pendingMigrations(db)
      if (pending.length > 0) {
        throw new ConfigurationError(
          `The database is missing migrations: ${pending.join(', ')}.`,
          'Run `zava-mcp migrate` with an admin DATABASE_URL first.',
        )
      }
    })
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
