import type { Caller } from '../../data/with-tenant.ts'
import type { Logger } from '../../infra/log.ts'
import type { RequestExtra, ServerDeps, Services } from '../deps.ts'
import { createServer } from '../server.ts'
import { createHttpApp } from './app.ts'
import type { Authenticator } from './auth.ts'
import { createAuthenticator } from './authenticators.ts'
import { CallerCache } from './caller-cache.ts'
import { type Probe, ReadinessCheck } from './health.ts'
import { callerFromAuthInfo } from './identity.ts'
import { type McpHandler, statefulHandler, statelessHandler } from './mcp-handler.ts'
import { RateLimiter } from './rate-limit.ts'
import { MCP_PATH } from './resource-metadata.ts'
import { SessionStore } from './sessions.ts'
import type { HttpSettings } from './settings.ts'

export interface HttpServerOptions {
  settings: HttpSettings
  services: Services
  /** Resolves an RLS user id through the database (`resolveCaller` of data/with-tenant). */
  resolveCaller: (rlsUserId: string) => Promise<Caller>
  /** Readiness checks behind /readyz. */
  probes: Probe[]
  log: Logger
  /** Overrides the authenticator built from `settings.auth` (tests, embedding). */
  authenticator?: Authenticator
  /**
   * Builds the MCP server's dependencies (call admission for graceful shutdown, metrics, query
   * statistics: `Bootstrapped.serverDeps`); default: services, caller and log only.
   */
  serverDeps?: (resolveCaller: (extra: RequestExtra) => Promise<Caller>) => ServerDeps
  /** Serves `GET /metrics` (Prometheus text), e.g. `metricsHandler(metrics)`. */
  metrics?: (request: Request) => Promise<Response>
}

export interface HttpServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:3000/mcp. */
  readonly url: string
  readonly port: number
  /** Live sessions (0 when stateless). */
  readonly sessionCount: () => number
  /** HTTP requests in progress, open SSE streams included (a leak check for load tests). */
  readonly pendingRequests: () => number
  /** Stops accepting, ends every session and closes connections. */
  stop(): Promise<void>
}

/** Builds the HTTP transport around the pure `createServer` and listens with `Bun.serve`. */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { settings, log } = options
  const authenticator = options.authenticator ?? (await createAuthenticator(settings.auth))
  if (settings.auth.mode === 'insecure-dev') {
    log.warn(
      'INSECURE: --insecure-dev-identity believes the x-rls-user-id header without any proof. ' +
        'Loopback only, for local experiments; never expose this server.',
    )
  }
  const keepAliveMs = Math.min(15_000, (settings.idleTimeoutS * 1000) / 2)
  const handlerOptions = {
    createServer: () =>
      createServer(
        options.serverDeps?.(callerFromAuthInfo) ?? {
          services: options.services,
          resolveCaller: callerFromAuthInfo,
          log,
        },
      ),
    maxBodyBytes: settings.maxBodyBytes,
    keepAliveMs,
    log,
  }
  const sessions = new SessionStore(settings.maxSessions, settings.sessionIdleTimeoutMs)
  const mcp: McpHandler = settings.stateless
    ? statelessHandler(handlerOptions)
    : statefulHandler(handlerOptions, sessions)
  const app = createHttpApp({
    settings,
    authenticator,
    callers: new CallerCache(options.resolveCaller, settings.callerCacheTtlMs),
    rateLimiter: new RateLimiter(settings.rateLimit.perMinute, settings.rateLimit.burst),
    readiness: new ReadinessCheck(options.probes),
    mcp,
    log,
    metrics: options.metrics,
  })
  const server = Bun.serve({
    hostname: settings.host,
    port: settings.port,
    fetch: app.fetch,
    idleTimeout: settings.idleTimeoutS,
    // A backstop below which the app answers 413 itself; Bun refuses anything larger outright.
    maxRequestBodySize: settings.maxBodyBytes * 4,
  })
  const sweeper = setInterval(
    () => {
      sessions.sweep().then(
        (ended) => ended > 0 && log.info({ ended }, 'ended idle sessions'),
        (err: unknown) => log.error({ err }, 'session sweep failed'),
      )
    },
    Math.min(60_000, settings.sessionIdleTimeoutMs),
  )
  sweeper.unref()
  const host = server.hostname?.includes(':') ? `[${server.hostname}]` : server.hostname
  const url = `http://${host}:${server.port}${MCP_PATH}`
  log.info(
    {
      url,
      stateless: settings.stateless,
      auth: settings.auth.mode,
      rateLimitPerMinute: settings.rateLimit.perMinute,
    },
    'serving over HTTP',
  )
  let stopping: Promise<void> | undefined
  return {
    url,
    port: server.port ?? settings.port,
    sessionCount: () => sessions.size,
    pendingRequests: () => server.pendingRequests,
    stop() {
      stopping ??= (async () => {
        clearInterval(sweeper)
        await mcp.close()
        await server.stop(true)
      })()
      return stopping
    },
  }
}
