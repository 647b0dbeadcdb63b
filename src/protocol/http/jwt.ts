import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose'
import { ConfigurationError } from '../../errors.ts'
import { type Authenticator, AuthFailure, bearerToken, RLS_USER_ID } from './auth.ts'
import type { AuthSettings } from './settings.ts'

type JwtSettings = Extract<AuthSettings, { mode: 'jwt' }>

/**
 * Verifies bearer JWTs: signature (HS256 with a shared secret, or RS256/ES256 from a JWKS URL or
 * file), `exp`, `aud`, `iss` when configured, and an RLS user id in the configured claim.
 *
 * @example
 * const auth = await createJwtAuthenticator({ mode: 'jwt', key: { secret }, audience: 'http://127.0.0.1:3000/mcp',
 *   userClaim: 'sub', algorithms: ['HS256'], clockToleranceS: 30 })
 * const principal = await auth.authenticate(request.headers)
 */
export async function createJwtAuthenticator(settings: JwtSettings): Promise<Authenticator> {
  const key = await keySource(settings.key)
  const requiredClaims = ['exp', 'aud', ...(settings.issuer ? ['iss'] : []), settings.userClaim]
  return {
    mode: 'jwt',
    async authenticate(headers) {
      const token = bearerToken(headers)
      let payload: JWTPayload
      try {
        payload = (
          await (typeof key === 'function'
            ? jwtVerify(token, key, verifyOptions(settings, requiredClaims))
            : jwtVerify(token, key, verifyOptions(settings, requiredClaims)))
        ).payload
      } catch (err) {
        throw toAuthFailure(err)
      }
      const rlsUserId = payload[settings.userClaim]
      if (typeof rlsUserId !== 'string' || !RLS_USER_ID.test(rlsUserId)) {
        throw new AuthFailure(`The token's ${settings.userClaim} claim is not an RLS user id (a UUID).`)
      }
      return {
        rlsUserId: rlsUserId.toLowerCase(),
        subject: `jwt:${payload.iss ?? ''}#${payload.sub ?? rlsUserId}`,
        clientId: stringClaim(payload.client_id) ?? stringClaim(payload.azp) ?? payload.sub ?? rlsUserId,
        scopes: scopes(payload),
        expiresAt: payload.exp,
        token,
      }
    },
  }
}

function verifyOptions(settings: JwtSettings, requiredClaims: string[]) {
  return {
    algorithms: settings.algorithms,
    audience: settings.audience,
    issuer: settings.issuer,
    clockTolerance: settings.clockToleranceS,
    requiredClaims,
  }
}

async function keySource(key: JwtSettings['key']): Promise<Uint8Array | JWTVerifyGetKey> {
  if ('secret' in key) return new TextEncoder().encode(key.secret)
  if ('jwksUrl' in key) {
    return createRemoteJWKSet(new URL(key.jwksUrl), {
      timeoutDuration: 5_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    })
  }
  let jwks: JSONWebKeySet
  try {
    jwks = JSON.parse(await Bun.file(key.jwksFile).text()) as JSONWebKeySet
    if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) throw new Error('no keys')
    return createLocalJWKSet(jwks)
  } catch (err) {
    throw new ConfigurationError(
      `JWT_JWKS_FILE ${key.jwksFile} is not a readable JWKS (${err instanceof Error ? err.message : String(err)}).`,
      'Point it at a JSON file of the form {"keys": [<public JWK>, …]}.',
      { cause: err },
    )
  }
}

/** A short, secret-free reason for the client; the 503 cases are the issuer's fault, not the token's. */
function toAuthFailure(err: unknown): AuthFailure {
  if (err instanceof errors.JWTExpired) return new AuthFailure('The access token expired.')
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return new AuthFailure(`The access token lacks the ${err.claim} claim.`)
    if (err.claim === 'aud') return new AuthFailure('The access token is for another audience.')
    if (err.claim === 'iss') return new AuthFailure('The access token is from another issuer.')
    return new AuthFailure(`The access token's ${err.claim} claim is invalid.`)
  }
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey) {
    return new AuthFailure('The access token signature is invalid.')
  }
  if (err instanceof errors.JOSEAlgNotAllowed)
    return new AuthFailure('The access token algorithm is not accepted.')
  if (
    err instanceof errors.JWKSTimeout ||
    err instanceof errors.JWKSInvalid ||
    !(err instanceof errors.JOSEError)
  ) {
    return new AuthFailure("The issuer's signing keys could not be fetched; retry shortly.", 503, null)
  }
  return new AuthFailure('The access token is malformed.')
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function scopes(payload: JWTPayload): string[] {
  if (typeof payload.scope === 'string') return payload.scope.split(' ').filter(Boolean)
  if (Array.isArray(payload.scp)) return payload.scp.filter((s): s is string => typeof s === 'string')
  return []
}
