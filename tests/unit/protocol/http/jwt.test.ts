import { describe, expect, it } from 'bun:test'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UnsecuredJWT } from 'jose'
import { ConfigurationError } from '../../../../src/errors.ts'
import { AuthFailure } from '../../../../src/protocol/http/auth.ts'
import { createJwtAuthenticator } from '../../../../src/protocol/http/jwt.ts'
import type { AuthSettings } from '../../../../src/protocol/http/settings.ts'
import { hs256Token, signedToken, signingKey, TEST_ISSUER, TEST_JWT_SECRET } from '../../../support/tokens.ts'

const AUD = 'https://zava-mcp.test/mcp'
const USER = '11111111-1111-4111-8111-111111111111'
type Jwt = Extract<AuthSettings, { mode: 'jwt' }>

const hs256: Jwt = {
  mode: 'jwt',
  key: { secret: TEST_JWT_SECRET },
  issuer: TEST_ISSUER,
  audience: AUD,
  userClaim: 'sub',
  algorithms: ['HS256'],
  clockToleranceS: 30,
}

const headers = (token: string) => new Headers({ authorization: `Bearer ${token}` })

async function failure(settings: Jwt, token: string): Promise<AuthFailure> {
  const auth = await createJwtAuthenticator(settings)
  try {
    await auth.authenticate(headers(token))
  } catch (err) {
    if (err instanceof AuthFailure) return err
    throw err
  }
  throw new Error('the token was accepted')
}

describe('JWT authentication', () => {
  it('accepts a valid HS256 token and maps its claims to a principal', async () => {
    const auth = await createJwtAuthenticator(hs256)
    const token = await hs256Token({
      sub: USER.toUpperCase(),
      aud: AUD,
      iss: TEST_ISSUER,
      scope: 'read write',
      azp: 'cli',
    })
    const principal = await auth.authenticate(headers(token))
    expect(principal).toMatchObject({
      rlsUserId: USER,
      subject: `jwt:${TEST_ISSUER}#${USER.toUpperCase()}`,
      clientId: 'cli',
      scopes: ['read', 'write'],
      token,
    })
    expect(principal.expiresAt).toBeNumber()
  })

  it('reads the RLS user id from the configured claim', async () => {
    const auth = await createJwtAuthenticator({ ...hs256, userClaim: 'rls_user_id' })
    const token = await hs256Token({
      sub: 'alice@zava.example',
      rls_user_id: USER,
      aud: AUD,
      iss: TEST_ISSUER,
    })
    expect((await auth.authenticate(headers(token))).rlsUserId).toBe(USER)
  })

  it.each([
    ['expired', { expiresInS: -60 }, 'The access token expired.'],
    [
      'for another audience',
      { aud: 'https://other.example/mcp' },
      'The access token is for another audience.',
    ],
    ['from another issuer', { iss: 'https://evil.example' }, 'The access token is from another issuer.'],
    ['whose sub is not a UUID', { sub: 'alice' }, "The token's sub claim is not an RLS user id (a UUID)."],
  ])('refuses a token %s', async (_, claims, message) => {
    const token = await hs256Token({ sub: USER, aud: AUD, iss: TEST_ISSUER, ...claims })
    const err = await failure(hs256, token)
    expect(err.message).toBe(message)
    expect(err.status).toBe(401)
    expect(err.error).toBe('invalid_token')
  })

  it('tolerates a little clock skew and no more', async () => {
    const token = await hs256Token({ sub: USER, aud: AUD, iss: TEST_ISSUER, expiresInS: -10 })
    expect((await (await createJwtAuthenticator(hs256)).authenticate(headers(token))).rlsUserId).toBe(USER)
    expect((await failure({ ...hs256, clockToleranceS: 0 }, token)).message).toBe('The access token expired.')
  })

  it('refuses a token signed with another secret, an unsigned token and garbage', async () => {
    const forged = await hs256Token({ sub: USER, aud: AUD, iss: TEST_ISSUER }, 'x'.repeat(40))
    expect((await failure(hs256, forged)).message).toBe('The access token signature is invalid.')
    const unsigned = new UnsecuredJWT({ sub: USER, aud: AUD, iss: TEST_ISSUER })
      .setExpirationTime('5m')
      .encode()
    expect((await failure(hs256, unsigned)).message).toBe('The access token algorithm is not accepted.')
    expect((await failure(hs256, 'not.a.jwt')).message).toBe('The access token is malformed.')
  })

  it('refuses a token without aud or exp', async () => {
    const auth = await createJwtAuthenticator(hs256)
    const { SignJWT } = await import('jose')
    const noExp = await new SignJWT({ sub: USER, aud: AUD, iss: TEST_ISSUER })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(TEST_JWT_SECRET))
    await expect(auth.authenticate(headers(noExp))).rejects.toThrow('lacks the exp claim')
    const noAud = await hs256Token({ sub: USER, iss: TEST_ISSUER })
    await expect(auth.authenticate(headers(noAud))).rejects.toThrow('lacks the aud claim')
  })

  it('asks for a token without an error code when the Authorization header is missing or not Bearer', async () => {
    const auth = await createJwtAuthenticator(hs256)
    for (const h of [new Headers(), new Headers({ authorization: 'Basic YTpi' })]) {
      const err = await auth.authenticate(h).catch((e: AuthFailure) => e)
      expect(err).toBeInstanceOf(AuthFailure)
      expect((err as AuthFailure).error).toBeNull()
    }
  })

  it('verifies RS256 tokens with a JWKS file and refuses a wrong kid', async () => {
    const key = await signingKey('RS256')
    const file = join(mkdtempSync(join(tmpdir(), 'zava-jwks-')), 'jwks.json')
    writeFileSync(file, JSON.stringify(key.jwks))
    const settings: Jwt = {
      ...hs256,
      key: { jwksFile: file },
      issuer: undefined,
      algorithms: ['RS256', 'ES256'],
    }
    const auth = await createJwtAuthenticator(settings)
    const token = await signedToken(key, { sub: USER, aud: AUD })
    expect((await auth.authenticate(headers(token))).rlsUserId).toBe(USER)
    const stranger = await signingKey('RS256', 'unknown-kid')
    const err = await failure(settings, await signedToken(stranger, { sub: USER, aud: AUD }))
    expect(err.message).toBe('The access token signature is invalid.')
  })

  it('stops start-up on an unreadable JWKS file', async () => {
    const settings: Jwt = { ...hs256, key: { jwksFile: '/nonexistent/jwks.json' }, algorithms: ['RS256'] }
    await expect(createJwtAuthenticator(settings)).rejects.toBeInstanceOf(ConfigurationError)
  })

  it('answers 503 rather than 401 when the JWKS URL cannot be reached', async () => {
    const settings: Jwt = {
      ...hs256,
      key: { jwksUrl: 'http://127.0.0.1:9/jwks.json' },
      algorithms: ['ES256'],
    }
    const key = await signingKey('ES256')
    const err = await failure(settings, await signedToken(key, { sub: USER, aud: AUD, iss: TEST_ISSUER }))
    expect(err.status).toBe(503)
  })
})
