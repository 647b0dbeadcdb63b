import { randomBytes } from 'node:crypto'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { SignJWT } from 'jose'
import { type Caller, resolveCaller, type TenantDb } from '../../../src/data/with-tenant.ts'
import { loadConfig } from '../../../src/infra/config.ts'
import type { Logger } from '../../../src/infra/log.ts'
import type { Services } from '../../../src/protocol/deps.ts'
import { resolveHttpSettings } from '../../../src/protocol/http/settings.ts'
import { startHttpServer } from '../../../src/protocol/http/start.ts'

const AUDIENCE = 'urn:zava-mcp:bench'

/**
 * The HTTP transport in process on a loopback port (`startHttpServer`, as `serve --transport http`),
 * with JWT authentication (HS256, a secret made for the run) and no rate limit, and one SDK client
 * per caller, each with its own token: calls cross the real HTTP stack, authentication and caller
 * resolution. Other HTTP settings come from the environment like the server's.
 */
export async function httpSessions(opts: {
  services: Services
  tdb: TenantDb
  callers: Caller[]
  now: Date
  log: Logger
}): Promise<{ clients: Map<string, Client>; url: string; close(): Promise<void> }> {
  const secret = randomBytes(32).toString('hex')
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: undefined,
    JWT_SECRET: secret,
    JWT_AUDIENCE: AUDIENCE,
    AUTH_MODE: 'jwt',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    RATE_LIMIT_PER_MINUTE: '0',
  })
  const server = await startHttpServer({
    settings: resolveHttpSettings(config),
    services: opts.services,
    resolveCaller: (rlsUserId) => resolveCaller(opts.tdb, rlsUserId),
    probes: [],
    log: opts.log,
    serverDeps: (resolve) => ({
      services: opts.services,
      resolveCaller: resolve,
      log: opts.log,
      now: () => opts.now,
    }),
  })
  const key = new TextEncoder().encode(secret)
  const clients = new Map<string, Client>()
  try {
    for (const caller of opts.callers) {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(caller.rlsUserId)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('12h')
        .sign(key)
      const transport = new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      })
      const client = new Client({ name: 'zava-bench', version: '1.0.0' })
      await client.connect(transport)
      clients.set(caller.rlsUserId, client)
    }
  } catch (err) {
    await server.stop()
    throw err
  }
  return {
    clients,
    url: server.url,
    async close() {
      for (const client of clients.values()) await client.close().catch(() => {})
      await server.stop()
    },
  }
}
