import { describe, expect, it } from 'bun:test'
import { ConfigurationError } from '../../../../src/errors.ts'
import { loadConfig } from '../../../../src/infra/config.ts'
import { isLoopbackHost, resolveHttpSettings } from '../../../../src/protocol/http/settings.ts'

const SECRET = 's'.repeat(40)
const settings = (env: Record<string, string>, flags = {}) => resolveHttpSettings(loadConfig(env), flags)

function problem(env: Record<string, string>, flags = {}): string {
  try {
    settings(env, flags)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigurationError)
    return (err as Error).message
  }
  throw new Error('the settings were accepted')
}

describe('HTTP settings', () => {
  it('default to loopback, port 3000, sessions, 1 MB bodies and a rate limit', () => {
    const s = settings({ JWT_SECRET: SECRET, JWT_AUDIENCE: 'https://mcp.example/mcp' })
    expect(s).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      stateless: false,
      maxBodyBytes: 1_048_576,
      allowedHosts: ['localhost', '127.0.0.1', '[::1]'],
      corsOrigins: [],
      auth: { mode: 'jwt', algorithms: ['HS256'], userClaim: 'sub', audience: 'https://mcp.example/mcp' },
    })
    expect(s.rateLimit.perMinute).toBeGreaterThan(0)
  })

  it('take the CLI flags over the environment', () => {
    const s = settings(
      { JWT_SECRET: SECRET, JWT_AUDIENCE: 'a', HTTP_PORT: '4000', HTTP_HOST: '::1' },
      { port: 5000, host: '127.0.0.2', stateless: true },
    )
    expect(s).toMatchObject({ port: 5000, host: '127.0.0.2', stateless: true })
  })

  it('stop start-up with one clear message when no authentication is configured', () => {
    const message = problem({})
    expect(message).toContain('HTTP needs authentication')
    expect(message).toContain('JWT_SECRET')
    expect(message).toContain('API_KEYS_FILE')
    expect(message).toContain('--insecure-dev-identity')
  })

  it('infer the mode from what is configured', () => {
    expect(settings({ API_KEYS_FILE: '/k' }).auth).toEqual({ mode: 'api-key', file: '/k' })
    expect(settings({ JWT_JWKS_URL: 'https://idp.example/jwks', JWT_AUDIENCE: 'a' }).auth).toMatchObject({
      mode: 'jwt',
      key: { jwksUrl: 'https://idp.example/jwks' },
      algorithms: ['RS256', 'ES256'],
    })
    expect(settings({}, { insecureDevIdentity: true }).auth).toEqual({ mode: 'insecure-dev' })
  })

  it('default the audience and the allowed hosts from HTTP_PUBLIC_URL', () => {
    const s = settings({
      JWT_SECRET: SECRET,
      HTTP_PUBLIC_URL: 'https://mcp.zava.example/',
      HTTP_HOST: '0.0.0.0',
    })
    expect(s.auth).toMatchObject({ audience: 'https://mcp.zava.example/mcp' })
    expect(s.allowedHosts).toContain('mcp.zava.example')
    expect(s.publicUrl).toBe('https://mcp.zava.example')
  })

  it('publish the issuer as the authorization server unless told otherwise', () => {
    expect(
      settings({ JWT_SECRET: SECRET, JWT_AUDIENCE: 'a', JWT_ISSUER: 'https://idp' }).authorizationServers,
    ).toEqual(['https://idp'])
    expect(
      settings({ JWT_SECRET: SECRET, JWT_AUDIENCE: 'a', OAUTH_AUTHORIZATION_SERVERS: 'https://a, https://b' })
        .authorizationServers,
    ).toEqual(['https://a', 'https://b'])
  })

  it.each([
    [{ AUTH_MODE: 'jwt' }, {}, 'AUTH_MODE=jwt needs one key source'],
    [{ JWT_SECRET: SECRET }, {}, 'AUTH_MODE=jwt needs JWT_AUDIENCE'],
    [{ JWT_SECRET: SECRET, JWT_JWKS_URL: 'https://x/j', JWT_AUDIENCE: 'a' }, {}, 'Set only one of'],
    [{ JWT_SECRET: SECRET, JWT_AUDIENCE: 'a', JWT_ALGORITHMS: 'RS256' }, {}, 'no algorithm confusion'],
    [
      { JWT_JWKS_FILE: '/j', JWT_AUDIENCE: 'a', JWT_ALGORITHMS: 'HS256,RS256' },
      {},
      'HS256 do not fit a JWKS',
    ],
    [{ AUTH_MODE: 'api-key' }, {}, 'AUTH_MODE=api-key needs API_KEYS_FILE'],
    [{ AUTH_MODE: 'insecure-dev' }, {}, 'also needs the --insecure-dev-identity flag'],
    [
      { API_KEYS_FILE: '/k', AUTH_MODE: 'api-key' },
      { insecureDevIdentity: true },
      'contradicts AUTH_MODE=api-key',
    ],
    [{}, { insecureDevIdentity: true, host: '0.0.0.0' }, 'binds loopback only'],
    [{ API_KEYS_FILE: '/k', HTTP_HOST: '0.0.0.0' }, {}, 'needs ALLOWED_HOSTS'],
    [{ API_KEYS_FILE: '/k', HTTP_PUBLIC_URL: 'https://x.example/zava' }, {}, 'must be an origin'],
  ] as [Record<string, string>, object, string][])('refuse %o %o', (env, flags, message) => {
    expect(problem(env, flags)).toContain(message)
  })

  it('list every problem in one message', () => {
    const message = problem({ AUTH_MODE: 'api-key', HTTP_HOST: '0.0.0.0' })
    expect(message).toContain('API_KEYS_FILE')
    expect(message).toContain('ALLOWED_HOSTS')
  })

  it('reject a short JWT secret when the config is loaded', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow('JWT_SECRET')
  })

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['10.0.0.1', false],
    ['example.com', false],
  ])('know %s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback)
  })
})
