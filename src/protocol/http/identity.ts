import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js'
import type { Caller } from '../../data/with-tenant.ts'
import { AuthenticationError } from '../../errors.ts'
import type { RequestExtra } from '../deps.ts'
import type { Principal } from './auth.ts'

const CALLER_KEY = 'zava/caller'

/**
 * What the transport hands each request's handlers as `extra.authInfo`: the verified principal
 * and the caller the database resolved for it.
 */
export function toAuthInfo(principal: Principal, caller: Caller, resource: string): AuthInfo {
  return {
    token: principal.token,
    clientId: principal.clientId,
    scopes: [...principal.scopes],
    expiresAt: principal.expiresAt,
    resource: new URL(resource),
    extra: { [CALLER_KEY]: caller },
  }
}

/**
 * `ServerDeps.resolveCaller` over HTTP: the caller travels with the request that the HTTP layer
 * authenticated, never with the session, so every call runs as the identity that sent it.
 */
export async function callerFromAuthInfo(extra: RequestExtra): Promise<Caller> {
  const caller = extra.authInfo?.extra?.[CALLER_KEY] as Caller | undefined
  if (!caller) {
    throw new AuthenticationError(
      'This request carries no verified identity.',
      'Call the server with a valid access token.',
    )
  }
  return caller
}

/** The identity a session is bound to. */
export const ownerOf = (principal: Principal): string => `${principal.subject}|${principal.rlsUserId}`
