import { openRuntime, type Runtime } from '../../src/app.ts'
import { DEMO_USERS } from '../../src/data/seed/index.ts'
import { resolveCaller } from '../../src/data/with-tenant.ts'
import { loadConfig } from '../../src/infra/config.ts'
import { createLogger } from '../../src/infra/log.ts'
import { databaseProbe } from '../../src/protocol/http/probes.ts'
import { type HttpFlags, resolveHttpSettings } from '../../src/protocol/http/settings.ts'
import { type HttpServer, startHttpServer } from '../../src/protocol/http/start.ts'
import { serverEnv } from './mcp-client.ts'
import type { RetailDatabase } from './retail-database.ts'

export interface TestHttpServer {
  server: HttpServer
  runtime: Runtime
  /** e.g. http://127.0.0.1:40123 */
  origin: string
  /** The MCP endpoint. */
  url: URL
  close(): Promise<void>
}

/**
 * `serve --transport http` in process, on the shared test database, on a free loopback port:
 * the same runtime, settings resolution and server as the CLI, minus the process.
 */
export async function startTestHttpServer(
  rdb: RetailDatabase,
  env: Record<string, string> = {},
  flags: HttpFlags = {},
): Promise<TestHttpServer> {
  const config = loadConfig({
    ...serverEnv(rdb, DEMO_USERS.storeManager.rlsUserId),
    EMBEDDINGS_PROVIDER: 'none',
    LOG_LEVEL: process.env.ZAVA_TEST_LOG_LEVEL ?? 'silent',
    HTTP_PORT: '0',
    ...env,
  })
  const settings = resolveHttpSettings(config, flags)
  const log = createLogger(config.LOG_LEVEL)
  const runtime = await openRuntime(config, log)
  try {
    const server = await startHttpServer({
      settings,
      services: runtime.services,
      resolveCaller: (rlsUserId) => resolveCaller(runtime.tdb, rlsUserId),
      probes: [await databaseProbe(runtime.tdb.db)],
      log,
    })
    const url = new URL(server.url)
    return {
      server,
      runtime,
      origin: url.origin,
      url,
      close: async () => {
        await server.stop()
        await runtime.close()
      },
    }
  } catch (err) {
    await runtime.close()
    throw err
  }
}
