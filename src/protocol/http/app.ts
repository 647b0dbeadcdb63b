import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import type { Caller } from '../../data/with-tenant.ts'
import { hashForLog, type Logger } from '../../infra/log.ts'
import { type Authenticator, AuthFailure, type Principal } from './auth.ts'
import type { CallerCache } from './caller-cache.ts'
import type { ReadinessCheck } from './health.ts'
import { ownerOf, toAuthInfo } from './identity.ts'
import type { McpHandler } from './mcp-handler.ts'
import { hostAllowed, originAllowed } from './origin.ts'
import type { RateLimiter } from './rate-limit.ts'
import {
  bearerChallenge,
  MCP_PATH,
  METADATA_PATH,
  protectedResourceMetadata,
  publicOrigin,
} from './resource-metadata.ts'
import { jsonRpcError } from './responses.ts'
import type { HttpSettings } from './settings.ts'

export interface HttpAppDeps {
  settings: HttpSettings
  authenticator: Authenticator
  callers: Pick<CallerCache, 'get'>
  rateLimiter: Pick<RateLimiter, 'take'>
  readiness: Pick<ReadinessCheck, 'check'>
  mcp: Pick<McpHandler, 'handle'>
  log: Logger
  /** Serves `GET /metrics` (Prometheus text); none: no such route. */
  metrics?: (request: Request) => Promise<Response>
}

type Env = { Variables: { principal: Principal; caller: Caller } }

const HEALTH_PATHS = new Set(['/healthz', '/readyz', '/metrics'])

/**
 * The HTTP face of the server, with no port of its own (tests call `app.request()`):
 * health probes, OAuth protected-resource metadata, and `/mcp` behind, in order, Host/Origin
 * checks (403), CORS when configured, authentication (401), rate limiting (429), the caller's
 * resolution by the database (403), a body limit (413) and a request timeout (504).
 */
export function createHttpApp(deps: HttpAppDeps): Hono<Env> {
  const { settings, log } = deps
  const app = new Hono<Env>()

  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200, { 'cache-control': 'no-store' }))
  app.get('/readyz', async (c) => {
    const readiness = await deps.readiness.check()
    return c.json(
      { status: readiness.ready ? 'ready' : 'not_ready', checks: readiness.checks },
      readiness.ready ? 200 : 503,
      { 'cache-control': 'no-store' },
    )
  })

  const metrics = deps.metrics
  if (metrics) app.get('/metrics', (c) => metrics(c.req.raw))

  app.use('*', async (c, next) => {
    if (HEALTH_PATHS.has(c.req.path)) return next()
    const host = c.req.header('host')
    if (!hostAllowed(host, settings.allowedHosts)) {
      log.warn({ host }, 'request refused: Host not allowed')
      return jsonRpcError(403, 'Forbidden: Host not allowed')
    }
    const origin = c.req.header('origin')
    if (!originAllowed(origin, host, settings.allowedOrigins)) {
      log.warn({ origin }, 'request refused: Origin not allowed')
      return jsonRpcError(403, 'Forbidden: Origin not allowed')
    }
    return next()
  })

  if (settings.corsOrigins.length > 0) {
    app.use(
      '*',
      cors({
        origin: settings.corsOrigins,
        allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
        allowHeaders: [
          'Authorization',
          'Content-Type',
          'Accept',
          'Mcp-Session-Id',
          'Mcp-Protocol-Version',
          'Last-Event-ID',
        ],
        exposeHeaders: ['Mcp-Session-Id', 'WWW-Authenticate', 'Retry-After'],
        maxAge: 600,
      }),
    )
  }

  const metadata = (c: Context<Env>) =>
    c.json(
      protectedResourceMetadata(publicOrigin(settings.publicUrl, c.req.url), settings.authorizationServers),
      200,
      { 'cache-control': 'public, max-age=300' },
    )
  app.get(METADATA_PATH, metadata)
  app.get(`${METADATA_PATH}${MCP_PATH}`, metadata)

  app.use(MCP_PATH, authenticate(deps), rateLimit(deps), resolveCaller(deps))
  app.use(
    MCP_PATH,
    bodyLimit({
      maxSize: settings.maxBodyBytes,
      onError: () => jsonRpcError(413, `Payload Too Large: the body exceeds ${settings.maxBodyBytes} bytes.`),
    }),
  )
  app.all(MCP_PATH, async (c) => {
    const principal = c.get('principal')
    const resource = `${publicOrigin(settings.publicUrl, c.req.url)}${MCP_PATH}`
    const authInfo = toAuthInfo(principal, c.get('caller'), resource)
    return withTimeout(
      deps.mcp.handle(c.req.raw, authInfo, ownerOf(principal)),
      settings.requestTimeoutMs,
      () => jsonRpcError(504, 'The server took too long to answer.', { 'retry-after': '5' }),
    )
  })

  app.notFound(() => jsonRpcError(404, 'Not found: the MCP endpoint is /mcp.'))
  app.onError((err) => {
    log.error({ err }, 'HTTP request failed unexpectedly')
    return jsonRpcError(500, 'Internal server error', {}, -32603)
  })
  return app
}

function authenticate(deps: HttpAppDeps): MiddlewareHandler<Env> {
  return async (c, next) => {
    try {
      c.set('principal', await deps.authenticator.authenticate(c.req.raw.headers))
    } catch (err) {
      if (!(err instanceof AuthFailure)) throw err
      deps.log.info({ reason: err.message, status: err.status }, 'request refused: not authenticated')
      if (err.status === 503) return jsonRpcError(503, err.message, { 'retry-after': '5' })
      const origin = publicOrigin(deps.settings.publicUrl, c.req.url)
      return jsonRpcError(401, `Unauthorized: ${err.message}`, {
        'www-authenticate': bearerChallenge(origin, err),
      })
    }
    return next()
  }
}

function rateLimit(deps: HttpAppDeps): MiddlewareHandler<Env> {
  return async (c, next) => {
    const decision = deps.rateLimiter.take(c.get('principal').rlsUserId)
    if (!decision.ok) {
      return jsonRpcError(429, `Too many requests: retry in ${decision.retryAfterS} s.`, {
        'retry-after': String(decision.retryAfterS),
      })
    }
    return next()
  }
}

/**
 * A valid token for a user this database does not know is refused here with 403 rather than
 * at the first tool call: the credentials are fine (not 401), they just grant nothing on this
 * server, and failing at connect time spares a session and tells the client at once.
 */
function resolveCaller(deps: HttpAppDeps): MiddlewareHandler<Env> {
  return async (c, next) => {
    const principal = c.get('principal')
    let caller: Caller | null
    try {
      caller = await deps.callers.get(principal.rlsUserId)
    } catch (err) {
      deps.log.error({ err, user: hashForLog(principal.rlsUserId) }, 'could not resolve the caller')
      return jsonRpcError(503, 'The database is unavailable: retry shortly.', { 'retry-after': '5' })
    }
    if (!caller) {
      deps.log.warn({ user: hashForLog(principal.rlsUserId) }, 'request refused: unknown RLS user')
      return jsonRpcError(403, 'Forbidden: this identity has no access to this database.')
    }
    c.set('caller', caller)
    return next()
  }
}

async function withTimeout(
  work: Promise<Response>,
  ms: number,
  onTimeout: () => Response,
): Promise<Response> {
  let timer: Timer | undefined
  const timeout = new Promise<Response>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}
