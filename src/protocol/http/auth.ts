import type { AuthSettings } from './settings.ts'

/** Who an HTTP request proved to be: the RLS user id plus what identifies the credential. */
export interface Principal {
  readonly rlsUserId: string
  /**
   * The authenticated identity apart from the user it maps to: issuer and subject of a token, the
   * key's id, or 'insecure-dev'. With the RLS user id it is what a session is bound to.
   */
  readonly subject: string
  readonly clientId: string
  readonly scopes: readonly string[]
  /** Seconds since the epoch. */
  readonly expiresAt?: number
  /** The bearer token (a JWT), or the key's id for API keys: the key itself is kept nowhere. */
  readonly token: string
}

/**
 * Why a request is not authenticated. `status` 401 carries a Bearer challenge; 503 means the
 * credentials could not be checked right now (e.g. the issuer's keys are unreachable).
 */
export class AuthFailure extends Error {
  constructor(
    message: string,
    readonly status: 401 | 503 = 401,
    /** RFC 6750 error code; none when the request carried no credentials at all. */
    readonly error: 'invalid_token' | null = 'invalid_token',
  ) {
    super(message)
    this.name = 'AuthFailure'
  }
}

export interface Authenticator {
  readonly mode: AuthSettings['mode']
  /** The principal of a request, or throws `AuthFailure`. */
  authenticate(headers: Headers): Promise<Principal>
}

/** RLS user ids are UUIDs; anything else in a claim or header is refused before the database. */
export const RLS_USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The token of an `Authorization: Bearer …` header; throws for a missing or empty one. */
export function bearerToken(headers: Headers): string {
  const header = headers.get('authorization')
  const match = header ? /^Bearer[ \t]+(\S*)[ \t]*$/i.exec(header) : null
  if (!match) throw new AuthFailure('Send an access token: Authorization: Bearer <token>.', 401, null)
  if (!match[1]) throw new AuthFailure('The bearer token is empty.')
  return match[1]
}

export const DEV_IDENTITY_HEADER = 'x-rls-user-id'

/**
 * `--insecure-dev-identity`: believes the `x-rls-user-id` header. No proof at all, which is why
 * it binds loopback only and warns at start.
 */
export function insecureDevAuthenticator(): Authenticator {
  return {
    mode: 'insecure-dev',
    async authenticate(headers) {
      const rlsUserId = headers.get(DEV_IDENTITY_HEADER)?.trim()
      if (!rlsUserId) {
        throw new AuthFailure(
          `Send the caller's RLS user id in the ${DEV_IDENTITY_HEADER} header.`,
          401,
          null,
        )
      }
      if (!RLS_USER_ID.test(rlsUserId)) throw new AuthFailure(`${DEV_IDENTITY_HEADER} is not a UUID.`)
      return {
        rlsUserId: rlsUserId.toLowerCase(),
        subject: 'insecure-dev',
        clientId: 'insecure-dev',
        scopes: [],
        token: '',
      }
    },
  }
}
