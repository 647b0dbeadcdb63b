import type { HttpSettings } from '../../../../../src/protocol/http/settings.ts'

/** Settings as `resolveHttpSettings` would give them for a loopback server, with overrides. */
export function testSettings(overrides: Partial<HttpSettings> = {}): HttpSettings {
  return {
    host: '127.0.0.1',
    port: 3000,
    stateless: false,
    auth: { mode: 'insecure-dev' },
    authorizationServers: ['https://issuer.zava.test'],
    allowedHosts: ['localhost', '127.0.0.1', '[::1]'],
    allowedOrigins: [],
    corsOrigins: [],
    rateLimit: { perMinute: 60, burst: 3 },
    maxBodyBytes: 1024,
    requestTimeoutMs: 1_000,
    idleTimeoutS: 60,
    sessionIdleTimeoutMs: 60_000,
    maxSessions: 10,
    callerCacheTtlMs: 1_000,
    ...overrides,
  }
}
