import { describe, expect, it } from 'bun:test'
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js'
import type { Caller } from '../../../../src/data/with-tenant.ts'
import { createLogger } from '../../../../src/infra/log.ts'
import { createHttpApp } from '../../../../src/protocol/http/app.ts'
import { type Authenticator, AuthFailure } from '../../../../src/protocol/http/auth.ts'
import { ReadinessCheck } from '../../../../src/protocol/http/health.ts'
import { RateLimiter } from '../../../../src/protocol/http/rate-limit.ts'
import type { HttpSettings } from '../../../../src/protocol/http/settings.ts'
import { testSettings } from './support/settings.ts'

const ALICE = '11111111-1111-4111-8111-111111111111'
const BOB = '22222222-2222-4222-8222-222222222222'
const STRANGER = '99999999-9999-4999-8999-999999999999'
const DB_DOWN = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd'
const BASE = 'http://127.0.0.1:3000'

const callers: Record<string, Caller> = {
  [ALICE]: { rlsUserId: ALICE, displayName: 'Alice', kind: 'store_manager', storeIds: ['s1'] },
  [BOB]: { rlsUserId: BOB, displayName: 'Bob', kind: 'regional_manager', storeIds: ['s1', 's2'] },
}

/** `Bearer good:<uuid>` authenticates as that user; `Bearer jwks-down` cannot be checked. */
const authenticator: Authenticator = {
  mode: 'jwt',
  async authenticate(headers) {
    const header = headers.get('authorization')
    if (!header) throw new AuthFailure('Send an access token.', 401, null)
    if (header === 'Bearer jwks-down') throw new AuthFailure('keys unreachable', 503, null)
    const match = /^Bearer good:(.+)$/.exec(header)
    if (!match) throw new AuthFailure('The access token signature is invalid.')
    return { rlsUserId: match[1]!, subject: `jwt:#${match[1]}`, clientId: 'c', scopes: ['read'], token: 't' }
  },
}

type RpcError = { error: { code: number; message: string } }

interface Seen {
  authInfo: AuthInfo
  owner: string
  body: string
}

function makeApp(overrides: Partial<HttpSettings> = {}, options: { slow?: boolean; ready?: boolean } = {}) {
  const seen: Seen[] = []
  let now = 0
  const settings = testSettings(overrides)
  const app = createHttpApp({
    settings,
    authenticator,
    callers: {
      async get(id) {
        if (id === DB_DOWN) throw new Error('connection refused to 10.0.0.5')
        return callers[id] ?? null
      },
    },
    rateLimiter: new RateLimiter(settings.rateLimit.perMinute, settings.rateLimit.burst, () => now),
    readiness: new ReadinessCheck([
      {
        names: ['database'],
        check: async () => ({
          database: {
            ok: options.ready ?? true,
            state: options.ready === false ? 'unavailable' : 'reachable',
          },
        }),
      },
    ]),
    mcp: {
      async handle(request, authInfo, owner) {
        if (options.slow) await Bun.sleep(5_000)
        seen.push({ authInfo, owner, body: await request.text() })
        return Response.json({ jsonrpc: '2.0', id: 1, result: {} })
      },
    },
    log: createLogger('silent'),
  })
  return { app, seen, advance: (ms: number) => (now += ms) }
}

const post = (app: ReturnType<typeof makeApp>['app'], headers: Record<string, string> = {}, body = '{}') =>
  app.request(`${BASE}/mcp`, {
    method: 'POST',
    headers: { host: '127.0.0.1:3000', 'content-type': 'application/json', ...headers },
    body,
  })

const as = (id: string) => ({ authorization: `Bearer good:${id}` })

describe('the HTTP app', () => {
  it('passes an authenticated request to MCP with its caller, resource and session owner', async () => {
    const { app, seen } = makeApp()
    const response = await post(app, as(ALICE), '{"jsonrpc":"2.0"}')
    expect(response.status).toBe(200)
    expect(seen).toHaveLength(1)
    expect(seen[0]!.owner).toBe(`jwt:#${ALICE}|${ALICE}`)
    expect(seen[0]!.body).toBe('{"jsonrpc":"2.0"}')
    expect(seen[0]!.authInfo.extra?.['zava/caller']).toEqual(callers[ALICE])
    expect(String(seen[0]!.authInfo.resource)).toBe(`${BASE}/mcp`)
    expect(seen[0]!.authInfo.scopes).toEqual(['read'])
  })

  describe('authentication', () => {
    it('answers a request without credentials with 401 and a challenge that has no error code', async () => {
      const response = await post(makeApp().app)
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toBe(
        `Bearer resource_metadata="${BASE}/.well-known/oauth-protected-resource/mcp"`,
      )
      expect(((await response.json()) as RpcError).error.code).toBe(-32000)
    })

    it('answers bad credentials with 401 invalid_token and a description', async () => {
      const response = await post(makeApp().app, { authorization: 'Bearer forged' })
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toBe(
        `Bearer error="invalid_token", resource_metadata="${BASE}/.well-known/oauth-protected-resource/mcp", ` +
          'error_description="The access token signature is invalid."',
      )
    })

    it('names the resource by HTTP_PUBLIC_URL when set', async () => {
      const { app } = makeApp({ publicUrl: 'https://mcp.zava.example' })
      const response = await post(app)
      expect(response.headers.get('www-authenticate')).toContain(
        'resource_metadata="https://mcp.zava.example/.well-known/oauth-protected-resource/mcp"',
      )
    })

    it('answers 503 with Retry-After when the credentials cannot be checked right now', async () => {
      const response = await post(makeApp().app, { authorization: 'Bearer jwks-down' })
      expect(response.status).toBe(503)
      expect(response.headers.get('retry-after')).toBe('5')
      expect(response.headers.get('www-authenticate')).toBeNull()
    })

    it('answers 403 for a user the database does not know, and 503 when the database is down', async () => {
      const { app } = makeApp()
      expect((await post(app, as(STRANGER))).status).toBe(403)
      const down = await post(app, as(DB_DOWN))
      expect(down.status).toBe(503)
      expect(await down.text()).not.toContain('10.0.0.5')
    })
  })

  describe('DNS-rebinding protection', () => {
    it('refuses a Host outside the allow-list, or none, with 403 before authentication', async () => {
      const { app } = makeApp()
      expect((await post(app, { ...as(ALICE), host: 'evil.example:3000' })).status).toBe(403)
      expect((await post(app, { ...as(ALICE), host: '' })).status).toBe(403)
      expect((await post(app, { host: 'evil.example' })).status).toBe(403)
      expect((await post(app, { ...as(ALICE), host: 'localhost:3000' })).status).toBe(200)
    })

    it('honours host:port entries and the * wildcard', async () => {
      const exact = makeApp({ allowedHosts: ['mcp.example:443'] }).app
      expect((await post(exact, { ...as(ALICE), host: 'mcp.example:443' })).status).toBe(200)
      expect((await post(exact, { ...as(ALICE), host: 'mcp.example:8443' })).status).toBe(403)
      const any = makeApp({ allowedHosts: ['*'] }).app
      expect((await post(any, { ...as(ALICE), host: 'whatever.example' })).status).toBe(200)
    })

    it('refuses a foreign or null Origin with 403, and accepts same-origin and listed origins', async () => {
      const { app } = makeApp({ allowedOrigins: ['https://console.zava.example'] })
      expect((await post(app, { ...as(ALICE), origin: 'http://evil.example' })).status).toBe(403)
      expect((await post(app, { ...as(ALICE), origin: 'null' })).status).toBe(403)
      expect((await post(app, { ...as(ALICE), origin: 'http://127.0.0.1:3001' })).status).toBe(403)
      expect((await post(app, { ...as(ALICE), origin: 'http://127.0.0.1:3000' })).status).toBe(200)
      expect((await post(app, { ...as(ALICE), origin: 'https://console.zava.example' })).status).toBe(200)
    })
  })

  describe('limits', () => {
    it('answers 429 with Retry-After past the burst, per identity, and refills with time', async () => {
      const { app, advance } = makeApp()
      for (let i = 0; i < 3; i++) expect((await post(app, as(ALICE))).status).toBe(200)
      const limited = await post(app, as(ALICE))
      expect(limited.status).toBe(429)
      expect(limited.headers.get('retry-after')).toBe('1')
      expect((await post(app, as(BOB))).status).toBe(200)
      advance(1_000)
      expect((await post(app, as(ALICE))).status).toBe(200)
    })

    it('answers 413 for a body over the limit, declared or streamed', async () => {
      const { app, seen } = makeApp()
      expect((await post(app, as(ALICE), 'x'.repeat(1025))).status).toBe(413)
      const chunks = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 3; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(500)))
          controller.close()
        },
      })
      const streamed = await app.request(`${BASE}/mcp`, {
        method: 'POST',
        headers: { host: '127.0.0.1:3000', 'transfer-encoding': 'chunked', ...as(ALICE) },
        body: chunks,
      })
      expect(streamed.status).toBe(413)
      expect((await post(app, as(ALICE), 'x'.repeat(1024))).status).toBe(200)
      expect(seen).toHaveLength(1)
    })

    it('answers 504 when MCP does not answer within the request timeout', async () => {
      const { app } = makeApp({ requestTimeoutMs: 50 }, { slow: true })
      expect((await post(app, as(ALICE))).status).toBe(504)
    })
  })

  describe('CORS', () => {
    it('is off by default: no CORS headers, preflights are not answered', async () => {
      const { app } = makeApp()
      const preflight = await app.request(`${BASE}/mcp`, {
        method: 'OPTIONS',
        headers: { host: '127.0.0.1:3000', 'access-control-request-method': 'POST' },
      })
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    })

    it('answers preflights of listed origins and exposes the session id', async () => {
      const { app } = makeApp({
        corsOrigins: ['https://console.zava.example'],
        allowedOrigins: ['https://console.zava.example'],
      })
      const preflight = await app.request(`${BASE}/mcp`, {
        method: 'OPTIONS',
        headers: {
          host: '127.0.0.1:3000',
          origin: 'https://console.zava.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, mcp-session-id',
        },
      })
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://console.zava.example')
      expect(preflight.headers.get('access-control-allow-headers')).toContain('Mcp-Session-Id')
      const response = await post(app, { ...as(ALICE), origin: 'https://console.zava.example' })
      expect(response.headers.get('access-control-expose-headers')).toContain('Mcp-Session-Id')
    })
  })

  describe('health and metadata', () => {
    it('answers /healthz and /readyz without credentials or an allowed Host', async () => {
      const { app } = makeApp()
      const health = await app.request(`${BASE}/healthz`, { headers: { host: '10.1.2.3:3000' } })
      expect(await health.json()).toEqual({ status: 'ok' })
      const ready = await app.request(`${BASE}/readyz`, { headers: { host: '10.1.2.3:3000' } })
      expect(ready.status).toBe(200)
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { database: { ok: true, state: 'reachable' } },
      })
    })

    it('answers /readyz with 503 and the failing state when a dependency is down', async () => {
      const ready = await makeApp({}, { ready: false }).app.request(`${BASE}/readyz`)
      expect(ready.status).toBe(503)
      expect(await ready.json()).toEqual({
        status: 'not_ready',
        checks: { database: { ok: false, state: 'unavailable' } },
      })
    })

    it('publishes protected-resource metadata without credentials', async () => {
      const { app } = makeApp({ publicUrl: 'https://mcp.zava.example' })
      const response = await app.request(`${BASE}/.well-known/oauth-protected-resource/mcp`, {
        headers: { host: '127.0.0.1:3000' },
      })
      expect(await response.json()).toEqual({
        resource: 'https://mcp.zava.example/mcp',
        authorization_servers: ['https://issuer.zava.test'],
        bearer_methods_supported: ['header'],
        resource_name: 'Zava Retail analytics (MCP)',
      })
    })

    it('answers unknown paths with a JSON-RPC 404', async () => {
      const response = await makeApp().app.request(`${BASE}/nope`, { headers: { host: '127.0.0.1:3000' } })
      expect(response.status).toBe(404)
      expect(((await response.json()) as RpcError).error.message).toContain('/mcp')
    })
  })
})
