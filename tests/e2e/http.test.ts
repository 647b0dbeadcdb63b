import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { DEMO_USERS } from '../../src/data/seed/index.ts'
import { hashApiKey } from '../../src/protocol/http/api-keys.ts'
import { startTestHttpServer, type TestHttpServer } from '../support/http-server.ts'
import { callOk, ROOT, serverEnv } from '../support/mcp-client.ts'
import { adminQuery, getRetailDatabase, type RetailDatabase } from '../support/retail-database.ts'
import { hs256Token, signedToken, signingKey, TEST_ISSUER, TEST_JWT_SECRET } from '../support/tokens.ts'

const AUDIENCE = 'https://zava-mcp.test/mcp'
const JWT_ENV = { JWT_SECRET: TEST_JWT_SECRET, JWT_ISSUER: TEST_ISSUER, JWT_AUDIENCE: AUDIENCE }
const COUNT_ORDERS = 'SELECT count(*) FROM retail.orders'
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
}
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }

let rdb: RetailDatabase
const tempDir = mkdtempSync(join(tmpdir(), 'zava-http-'))

beforeAll(async () => {
  rdb = await getRetailDatabase()
})
afterAll(() => rmSync(tempDir, { recursive: true, force: true }))

const tokenFor = (who: keyof typeof DEMO_USERS, claims: Record<string, unknown> = {}) =>
  hs256Token({ sub: DEMO_USERS[who].rlsUserId, aud: AUDIENCE, iss: TEST_ISSUER, ...claims })

async function connect(url: URL, headers: Record<string, string>) {
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers } })
  const client = new Client({ name: 'zava-e2e-http', version: '1.0.0' })
  await client.connect(transport)
  return { client, transport }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** Orders a user's stores hold, counted as the admin (no RLS): the oracle. */
async function oracleOrderCount(rlsUserId: string): Promise<number> {
  const [row] = await adminQuery<{ n: number }>(
    rdb.admin,
    `SELECT count(*)::int AS n FROM retail.orders o
     WHERE o.store_id IN (
       SELECT store_id FROM tenancy.store_managers WHERE rls_user_id = $1
       UNION SELECT s.store_id FROM retail.stores s JOIN tenancy.regional_managers r USING (region_id)
             WHERE r.rls_user_id = $1)`,
    [rlsUserId],
  )
  return row!.n
}

async function countOrders(client: Client): Promise<number> {
  const result = await callOk<{ rows: [number][] }>(client, 'execute_sales_query', {
    postgresql_query: COUNT_ORDERS,
  })
  return result.rows[0]![0]
}

describe('over HTTP with HS256 tokens (stateful)', () => {
  let http: TestHttpServer

  beforeAll(async () => {
    http = await startTestHttpServer(rdb, JWT_ENV)
  })
  afterAll(() => http.close())

  it("lets row level security follow the token: each manager counts exactly its stores' orders", async () => {
    const store = await connect(http.url, bearer(await tokenFor('storeManager')))
    const region = await connect(http.url, bearer(await tokenFor('regionalManager')))
    try {
      const [storeCount, regionCount] = await Promise.all([
        countOrders(store.client),
        countOrders(region.client),
      ])
      expect(storeCount).toBe(await oracleOrderCount(DEMO_USERS.storeManager.rlsUserId))
      expect(regionCount).toBe(await oracleOrderCount(DEMO_USERS.regionalManager.rlsUserId))
      expect(regionCount).toBeGreaterThan(storeCount)
      expect(store.transport.sessionId).toBeString()
    } finally {
      await Promise.all([store.client.close(), region.client.close()])
    }
  })

  it('lists the tools and answers ping and logging/setLevel', async () => {
    const { client } = await connect(http.url, bearer(await tokenFor('headOffice')))
    try {
      const names = (await client.listTools()).tools.map((t) => t.name)
      expect(names).toContain('execute_sales_query')
      expect(names).toContain('get_store_performance')
      expect(await client.ping()).toEqual({})
      expect(await client.setLoggingLevel('warning')).toEqual({})
    } finally {
      await client.close()
    }
  })

  for (const [name, token, reason] of [
    ['signed with another key', () => tokenFor('storeManager').then(forge), 'signature'],
    ['expired', () => tokenFor('storeManager', { expiresInS: -120 }), 'expired'],
    [
      'for another audience',
      () => tokenFor('storeManager', { aud: 'https://other.example/mcp' }),
      'audience',
    ],
    ['from another issuer', () => tokenFor('storeManager', { iss: 'https://evil.example' }), 'issuer'],
  ] as const) {
    it(`refuses a token ${name} with 401 and a Bearer invalid_token challenge`, async () => {
      const response = await post(http, INITIALIZE, bearer(await token()))
      expect(response.status).toBe(401)
      const challenge = response.headers.get('www-authenticate')!
      expect(challenge).toStartWith('Bearer ')
      expect(challenge).toContain('error="invalid_token"')
      expect(challenge).toContain(
        `resource_metadata="${http.origin}/.well-known/oauth-protected-resource/mcp"`,
      )
      expect(challenge).toContain(reason)
    })
  }

  it('refuses a request without a token with 401 and points to the resource metadata', async () => {
    const response = await post(http, INITIALIZE)
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${http.origin}/.well-known/oauth-protected-resource/mcp"`,
    )
    const connecting = connect(http.url, {})
    await expect(connecting).rejects.toThrow()
  })

  it('publishes OAuth protected-resource metadata (RFC 9728) at both well-known paths', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
    ]) {
      const response = await fetch(`${http.origin}${path}`)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({
        resource: `${http.origin}/mcp`,
        authorization_servers: [TEST_ISSUER],
        bearer_methods_supported: ['header'],
        resource_name: 'Zava Retail analytics (MCP)',
      })
    }
  })

  it('refuses with 403 a valid token for a user this database does not know', async () => {
    const stranger = await hs256Token({ sub: crypto.randomUUID(), aud: AUDIENCE, iss: TEST_ISSUER })
    const response = await post(http, INITIALIZE, bearer(stranger))
    expect(response.status).toBe(403)
    expect(response.headers.get('www-authenticate')).toBeNull()
  })

  it('refuses a foreign Origin and a foreign Host with 403 (DNS rebinding)', async () => {
    const token = bearer(await tokenFor('storeManager'))
    expect((await post(http, INITIALIZE, { ...token, origin: 'http://evil.example' })).status).toBe(403)
    expect((await post(http, INITIALIZE, { ...token, host: 'evil.example' })).status).toBe(403)
    expect((await post(http, INITIALIZE, { ...token, origin: http.origin })).status).toBe(200)
  })

  it('refuses a body over MAX_BODY_BYTES with 413', async () => {
    const huge = { ...INITIALIZE, params: { ...INITIALIZE.params, padding: 'x'.repeat(1_100_000) } }
    const response = await post(http, huge, bearer(await tokenFor('storeManager')))
    expect(response.status).toBe(413)
  })

  it("refuses a session id presented with another identity's token, and keeps serving its owner", async () => {
    const owner = await connect(http.url, bearer(await tokenFor('storeManager')))
    try {
      const sessionId = owner.transport.sessionId!
      const ping = { jsonrpc: '2.0', id: 7, method: 'ping' }
      const headers = { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' }
      const stolen = await post(http, ping, { ...headers, ...bearer(await tokenFor('regionalManager')) })
      expect(stolen.status).toBe(404)
      const refreshed = await post(http, ping, {
        ...headers,
        ...bearer(await tokenFor('storeManager', { jti: 'x' })),
      })
      expect(refreshed.status).toBe(200)
      expect(await countOrders(owner.client)).toBe(await oracleOrderCount(DEMO_USERS.storeManager.rlsUserId))
    } finally {
      await owner.client.close()
    }
  })

  it('ends a session on DELETE; its id is unknown afterwards', async () => {
    const token = bearer(await tokenFor('storeManager'))
    const { client, transport } = await connect(http.url, token)
    const sessionId = transport.sessionId!
    const before = http.server.sessionCount()
    await transport.terminateSession()
    expect(http.server.sessionCount()).toBe(before - 1)
    const after = await post(
      http,
      { jsonrpc: '2.0', id: 8, method: 'ping' },
      { ...token, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
    )
    expect(after.status).toBe(404)
    await client.close()
  })

  it('answers /healthz and /readyz without credentials, leaking no address or key', async () => {
    const health = await fetch(`${http.origin}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    const ready = await fetch(`${http.origin}/readyz`)
    const text = await ready.text()
    expect(ready.status).toBe(200)
    expect(JSON.parse(text)).toEqual({
      status: 'ready',
      checks: { database: { ok: true, state: 'reachable' }, migrations: { ok: true, state: 'current' } },
    })
    const appUrl = new URL(rdb.appUrl)
    for (const secret of [
      rdb.appUrl,
      appUrl.hostname,
      appUrl.password,
      rdb.tenantKey,
      TEST_JWT_SECRET,
      'postgres',
    ]) {
      if (secret) expect(text).not.toContain(secret)
    }
  })
})

describe('rate limiting over HTTP', () => {
  let http: TestHttpServer

  beforeAll(async () => {
    http = await startTestHttpServer(rdb, { ...JWT_ENV, RATE_LIMIT_PER_MINUTE: '60', RATE_LIMIT_BURST: '3' })
  })
  afterAll(() => http.close())

  it('answers 429 with Retry-After once an identity spends its burst, and spares other identities', async () => {
    const token = bearer(await tokenFor('storeManager'))
    const statuses: number[] = []
    for (let i = 0; i < 4; i++)
      statuses.push((await post(http, { jsonrpc: '2.0', id: i, method: 'ping' }, token)).status)
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true)
    const limited = await post(http, { jsonrpc: '2.0', id: 9, method: 'ping' }, token)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    const other = await post(http, INITIALIZE, bearer(await tokenFor('regionalManager')))
    expect(other.status).toBe(200)
  })
})

describe('stateless HTTP', () => {
  let http: TestHttpServer

  beforeAll(async () => {
    http = await startTestHttpServer(rdb, JWT_ENV, { stateless: true })
  })
  afterAll(() => http.close())

  it('serves several sequential calls without a session, each as the token says', async () => {
    const { client, transport } = await connect(http.url, bearer(await tokenFor('regionalManager')))
    try {
      expect(transport.sessionId).toBeUndefined()
      const oracle = await oracleOrderCount(DEMO_USERS.regionalManager.rlsUserId)
      for (let i = 0; i < 5; i++) expect(await countOrders(client)).toBe(oracle)
      expect((await client.listTools()).tools.length).toBeGreaterThanOrEqual(4)
      expect(http.server.sessionCount()).toBe(0)
    } finally {
      await client.close()
    }
  })

  it('refuses GET and DELETE with 405: there is no stream or session to hold', async () => {
    const token = bearer(await tokenFor('storeManager'))
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(http.url, { method, headers: { ...token, accept: 'text/event-stream' } })
      expect(response.status).toBe(405)
    }
  })
})

describe('API keys over HTTP', () => {
  let http: TestHttpServer
  const key = `zk_${crypto.randomUUID()}`

  beforeAll(async () => {
    const file = join(tempDir, 'api-keys.txt')
    writeFileSync(file, `# store manager\n${hashApiKey(key)} ${DEMO_USERS.storeManager.rlsUserId}\n`)
    http = await startTestHttpServer(rdb, { API_KEYS_FILE: file })
  })
  afterAll(() => http.close())

  it('authenticates a known key as its user and refuses an unknown key with 401', async () => {
    const { client } = await connect(http.url, bearer(key))
    try {
      expect(await countOrders(client)).toBe(await oracleOrderCount(DEMO_USERS.storeManager.rlsUserId))
    } finally {
      await client.close()
    }
    const unknown = await post(http, INITIALIZE, bearer(`${key}x`))
    expect(unknown.status).toBe(401)
    expect(unknown.headers.get('www-authenticate')).toContain('error="invalid_token"')
  })
})

describe('asymmetric tokens over HTTP', () => {
  it('verifies RS256 tokens against a JWKS file', async () => {
    const key = await signingKey('RS256')
    const file = join(tempDir, 'jwks.json')
    writeFileSync(file, JSON.stringify(key.jwks))
    const http = await startTestHttpServer(rdb, { JWT_JWKS_FILE: file, JWT_AUDIENCE: AUDIENCE })
    try {
      const token = await signedToken(key, { sub: DEMO_USERS.headOffice.rlsUserId, aud: AUDIENCE })
      const { client } = await connect(http.url, bearer(token))
      expect(await countOrders(client)).toBeGreaterThan(0)
      await client.close()
      const other = await signingKey('RS256', key.kid)
      const forged = await signedToken(other, { sub: DEMO_USERS.headOffice.rlsUserId, aud: AUDIENCE })
      expect((await post(http, INITIALIZE, bearer(forged))).status).toBe(401)
    } finally {
      await http.close()
    }
  })

  it('verifies ES256 tokens against a JWKS URL and refuses an HS256 token signed with the public key', async () => {
    const key = await signingKey('ES256')
    const issuer = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => Response.json(key.jwks) })
    const http = await startTestHttpServer(rdb, {
      JWT_JWKS_URL: `http://127.0.0.1:${issuer.port}/jwks.json`,
      JWT_AUDIENCE: AUDIENCE,
    })
    try {
      const token = await signedToken(key, { sub: DEMO_USERS.regionalManager.rlsUserId, aud: AUDIENCE })
      const { client } = await connect(http.url, bearer(token))
      expect(await countOrders(client)).toBe(await oracleOrderCount(DEMO_USERS.regionalManager.rlsUserId))
      await client.close()
      const confused = await hs256Token(
        { sub: DEMO_USERS.headOffice.rlsUserId, aud: AUDIENCE },
        JSON.stringify(key.jwks.keys[0]),
      )
      expect((await post(http, INITIALIZE, bearer(confused))).status).toBe(401)
    } finally {
      await http.close()
      await issuer.stop(true)
    }
  })
})

describe('serve --transport http start-up', () => {
  it('stops with one clear message when no authentication is configured', async () => {
    const proc = Bun.spawn(
      ['bun', join(ROOT, 'src', 'cli.ts'), 'serve', '--transport', 'http', '--port', '0'],
      {
        cwd: ROOT,
        env: {
          ...serverEnv(rdb, DEMO_USERS.storeManager.rlsUserId),
          EMBEDDINGS_PROVIDER: 'none',
          LOG_LEVEL: 'info',
        },
        stdout: 'pipe',
        stderr: 'pipe',
      },
    )
    const code = await proc.exited
    const stderr = await new Response(proc.stderr).text()
    expect(code).toBe(1)
    expect(stderr).toContain('HTTP needs authentication')
    expect(stderr).toContain('--insecure-dev-identity')
  })

  it('refuses --insecure-dev-identity on a non-loopback host', async () => {
    const proc = Bun.spawn(
      [
        'bun',
        join(ROOT, 'src', 'cli.ts'),
        'serve',
        '--transport',
        'http',
        '--host',
        '0.0.0.0',
        '--insecure-dev-identity',
      ],
      {
        cwd: ROOT,
        env: { ...serverEnv(rdb, DEMO_USERS.storeManager.rlsUserId), EMBEDDINGS_PROVIDER: 'none' },
        stdout: 'pipe',
        stderr: 'pipe',
      },
    )
    expect(await proc.exited).toBe(1)
    expect(await new Response(proc.stderr).text()).toContain('binds loopback only')
  })

  it('with --insecure-dev-identity on loopback, takes the identity from x-rls-user-id', async () => {
    const http = await startTestHttpServer(rdb, {}, { insecureDevIdentity: true })
    try {
      const { client } = await connect(http.url, { 'x-rls-user-id': DEMO_USERS.storeManager.rlsUserId })
      expect(await countOrders(client)).toBe(await oracleOrderCount(DEMO_USERS.storeManager.rlsUserId))
      await client.close()
      expect((await post(http, INITIALIZE)).status).toBe(401)
    } finally {
      await http.close()
    }
  })
})

function post(http: TestHttpServer, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(http.url, {
    method: 'POST',
    headers: { ...MCP_HEADERS, ...headers },
    body: JSON.stringify(body),
  })
}

/** The same token with its signature replaced: what a forger without the key can produce. */
async function forge(token: string): Promise<string> {
  const [header, payload] = token.split('.')
  const other = await hs256Token({ sub: 'x' }, 'another-secret-another-secret-another-secret')
  return `${header}.${payload}.${other.split('.')[2]}`
}
