import { parseArgs } from 'node:util'
import { installSigningKey } from '../data/admin.ts'
import { bumpDataVersion } from '../data/data-version.ts'
import { createPostgresDb, type Db } from '../data/db.ts'
import { openEmbeddedDatabase } from '../data/embedded.ts'
import { migrate } from '../data/migrations.ts'
import { DEFAULT_SEED, seedDatabase } from '../data/seed/index.ts'
import { ValidationError } from '../errors.ts'
import { loadConfig } from '../infra/config.ts'
import { utcToday } from '../service/periods.ts'

/**
 * `zava-mcp seed --scale N --seed N`: loads deterministic demo data into an empty, migrated
 * database: DATABASE_URL (an admin login) or, when unset, the embedded one.
 */
export async function seedCommand(args: string[], log: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { scale: { type: 'string', default: '1' }, seed: { type: 'string' }, today: { type: 'string' } },
  })
  const scale = Number(values.scale)
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed)
  if (!Number.isFinite(scale) || scale <= 0)
    throw new ValidationError(
      `--scale ${values.scale} is not a positive number.`,
      'Use e.g. --scale 0.1 or --scale 1.',
    )
  if (!Number.isInteger(seed) || seed < 0)
    throw new ValidationError(`--seed ${values.seed} is not a non-negative integer.`, 'Use e.g. --seed 42.')
  const config = loadConfig()
  let db: Db
  let close: () => Promise<void>
  if (config.DATABASE_URL) {
    db = createPostgresDb(config.DATABASE_URL, { max: 1 })
    close = () => db.close()
  } else {
    const embedded = await openEmbeddedDatabase(config.dataDir)
    await migrate(embedded.db)
    await installSigningKey(embedded.db, embedded.signer)
    db = embedded.db
    close = embedded.close
  }
  try {
    const report = await seedDatabase(db, {
      scale,
      seed,
      today: values.today ?? utcToday(),
      onProgress: (table, rows) => log(`  ${table}: ${rows} rows`),
    })
    await bumpDataVersion(db, 'seed')
    log(
      `Seeded scale ${report.scale} (seed ${report.seed}) in ${(report.elapsedMs / 1000).toFixed(1)} s; digest ${report.digest}.`,
    )
    return 0
  } finally {
    await close()
  }
}
