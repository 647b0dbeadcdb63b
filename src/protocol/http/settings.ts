import { ConfigurationError } from '../../errors.ts'
import type { Config } from '../../infra/config.ts'

export type AuthSettings =
  | {
      mode: 'jwt'
      /** Exactly one key source. */
      key: { secret: string } | { jwksUrl: string } | { jwksFile: string }
      issuer?: string
      audience: string
      userClaim: string
      algorithms: string[]
      clockToleranceS: number
    }
  | { mode: 'api-key'; file: string }
  | { mode: 'insecure-dev' }

/** Everything the HTTP transport needs, resolved from the config and the CLI flags, checked once. */
export interface HttpSettings {
  host: string
  port: number
  stateless: boolean
  /** Origin the resource is named by; unset: the origin each request reached. */
  publicUrl?: string
  auth: AuthSettings
  authorizationServers: string[]
  /** Host header values accepted; `*` accepts any. */
  allowedHosts: string[]
  /** Cross-origin Origin values accepted (same-origin requests always are). */
  allowedOrigins: string[]
  corsOrigins: string[]
  rateLimit: { perMinute: number; burst: number }
  maxBodyBytes: number
  requestTimeoutMs: number
  idleTimeoutS: number
  sessionIdleTimeoutMs: number
  maxSessions: number
  callerCacheTtlMs: number
}

export interface HttpFlags {
  host?: string
  port?: number
  stateless?: boolean
  insecureDevIdentity?: boolean
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]']

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase()
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
}

/**
 * Resolves the HTTP settings; every bad combination is reported at once, in one message, so a
 * server never starts half-protected (e.g. HTTP with no way to authenticate callers).
 */
export function resolveHttpSettings(config: Config, flags: HttpFlags = {}): HttpSettings {
  const problems: string[] = []
  const host = flags.host ?? config.HTTP_HOST
  const port = flags.port ?? config.HTTP_PORT
  const publicUrl = config.HTTP_PUBLIC_URL?.replace(/\/+$/, '')
  if (publicUrl && new URL(publicUrl).origin !== publicUrl) {
    problems.push(`HTTP_PUBLIC_URL must be an origin (scheme://host[:port]), without a path: ${publicUrl}.`)
  }
  const auth = resolveAuth(config, flags, publicUrl, problems)
  if (auth?.mode === 'insecure-dev' && !isLoopbackHost(host)) {
    problems.push(
      `--insecure-dev-identity trusts an unproven header, so it binds loopback only; HTTP_HOST/--host is ${host}.`,
    )
  }
  let allowedHosts = config.ALLOWED_HOSTS
  if (!allowedHosts) {
    allowedHosts = [...LOOPBACK_NAMES, ...(publicUrl ? [new URL(publicUrl).host] : [])]
    if (!isLoopbackHost(host) && !publicUrl) {
      problems.push(
        `Binding ${host} needs ALLOWED_HOSTS (the host names clients use, or * behind a proxy that checks Host) or HTTP_PUBLIC_URL.`,
      )
    }
  }
  if (Number.isNaN(port) || port < 0 || port > 65_535) problems.push(`--port ${port} is not a port number.`)
  if (problems.length > 0 || !auth) {
    throw new ConfigurationError(
      `The HTTP transport cannot start:\n  ${problems.join('\n  ')}`,
      'See docs/http.md for the authentication modes and their settings.',
    )
  }
  const corsOrigins = (config.CORS_ORIGINS ?? []).map((o) => o.replace(/\/+$/, ''))
  return {
    host,
    port,
    stateless: flags.stateless || config.HTTP_STATELESS,
    publicUrl,
    auth,
    authorizationServers:
      config.OAUTH_AUTHORIZATION_SERVERS ?? (auth.mode === 'jwt' && auth.issuer ? [auth.issuer] : []),
    allowedHosts: allowedHosts.map((h) => h.toLowerCase()),
    allowedOrigins: [...(config.ALLOWED_ORIGINS ?? []), ...corsOrigins].map((o) => o.replace(/\/+$/, '')),
    corsOrigins,
    rateLimit: { perMinute: config.RATE_LIMIT_PER_MINUTE, burst: config.RATE_LIMIT_BURST },
    maxBodyBytes: config.MAX_BODY_BYTES,
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
    idleTimeoutS: config.HTTP_IDLE_TIMEOUT_S,
    sessionIdleTimeoutMs: config.SESSION_IDLE_TIMEOUT_MS,
    maxSessions: config.MAX_SESSIONS,
    callerCacheTtlMs: config.CALLER_CACHE_TTL_MS,
  }
}

function resolveAuth(
  config: Config,
  flags: HttpFlags,
  publicUrl: string | undefined,
  problems: string[],
): AuthSettings | undefined {
  const jwtSources = [
    config.JWT_SECRET && { secret: config.JWT_SECRET },
    config.JWT_JWKS_URL && { jwksUrl: config.JWT_JWKS_URL },
    config.JWT_JWKS_FILE && { jwksFile: config.JWT_JWKS_FILE },
  ].filter((source) => !!source) as ({ secret: string } | { jwksUrl: string } | { jwksFile: string })[]
  const mode =
    config.AUTH_MODE ??
    (flags.insecureDevIdentity
      ? 'insecure-dev'
      : jwtSources.length > 0
        ? 'jwt'
        : config.API_KEYS_FILE
          ? 'api-key'
          : undefined)
  switch (mode) {
    case undefined:
      problems.push(
        'HTTP needs authentication: set JWT_SECRET, JWT_JWKS_URL or JWT_JWKS_FILE (AUTH_MODE=jwt), or API_KEYS_FILE ' +
          '(AUTH_MODE=api-key); for local experiments only, pass --insecure-dev-identity.',
      )
      return undefined
    case 'insecure-dev':
      if (!flags.insecureDevIdentity) {
        problems.push('AUTH_MODE=insecure-dev also needs the --insecure-dev-identity flag, on purpose.')
        return undefined
      }
      return { mode }
    case 'api-key':
      if (flags.insecureDevIdentity) problems.push('--insecure-dev-identity contradicts AUTH_MODE=api-key.')
      if (!config.API_KEYS_FILE) {
        problems.push('AUTH_MODE=api-key needs API_KEYS_FILE.')
        return undefined
      }
      return { mode, file: config.API_KEYS_FILE }
    case 'jwt': {
      if (flags.insecureDevIdentity) problems.push('--insecure-dev-identity contradicts AUTH_MODE=jwt.')
      if (jwtSources.length !== 1) {
        problems.push(
          jwtSources.length === 0
            ? 'AUTH_MODE=jwt needs one key source: JWT_SECRET (HS256), JWT_JWKS_URL or JWT_JWKS_FILE.'
            : 'Set only one of JWT_SECRET, JWT_JWKS_URL and JWT_JWKS_FILE.',
        )
        return undefined
      }
      const key = jwtSources[0]!
      const audience = config.JWT_AUDIENCE ?? (publicUrl ? `${publicUrl}/mcp` : undefined)
      if (!audience) {
        problems.push(
          'AUTH_MODE=jwt needs JWT_AUDIENCE (or HTTP_PUBLIC_URL, whose /mcp is then the audience).',
        )
        return undefined
      }
      const symmetric = 'secret' in key
      const algorithms = config.JWT_ALGORITHMS ?? (symmetric ? ['HS256'] : ['RS256', 'ES256'])
      const misfits = algorithms.filter((alg) => alg.startsWith('HS') !== symmetric)
      if (misfits.length > 0) {
        problems.push(
          `JWT_ALGORITHMS ${misfits.join(',')} do not fit ${symmetric ? 'a shared secret' : 'a JWKS'} (no algorithm confusion).`,
        )
      }
      return {
        mode,
        key,
        issuer: config.JWT_ISSUER,
        audience,
        userClaim: config.JWT_USER_CLAIM,
        algorithms,
        clockToleranceS: config.JWT_CLOCK_TOLERANCE_S,
      }
    }
  }
}
