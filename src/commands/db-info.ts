import { openRuntime } from '../app.ts'
import { describeDatabase } from '../data/admin.ts'
import { loadConfig } from '../infra/config.ts'
import { createLogger } from '../infra/log.ts'

/** `zava-mcp db-info`: opens the configured database (embedded by default) and prints its versions. */
export async function dbInfo(log: (line: string) => void): Promise<number> {
  const config = loadConfig()
  const runtime = await openRuntime(config, createLogger(config.LOG_LEVEL))
  try {
    const info = await describeDatabase(runtime.tdb.db)
    log(
      `backend: ${runtime.backend}\npostgres: ${info.postgres}\npgvector: ${info.pgvector ?? 'not installed'}`,
    )
    return 0
  } finally {
    await runtime.close()
  }
}
