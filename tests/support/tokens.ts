import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWTPayload, SignJWT } from 'jose'

/** The shared secret of HS256 test tokens (32+ characters, as JWT_SECRET requires). */
export const TEST_JWT_SECRET = 'zava-test-secret-do-not-use-anywhere-else-0123456789'
export const TEST_ISSUER = 'https://issuer.zava.test'

export interface TokenClaims extends JWTPayload {
  /** Default: in 5 minutes. A negative number of seconds gives an expired token. */
  expiresInS?: number
}

/** An HS256 token, the way a small setup mints them (see docs/http.md). */
export function hs256Token(claims: TokenClaims, secret = TEST_JWT_SECRET): Promise<string> {
  return sign(claims, new TextEncoder().encode(secret), { alg: 'HS256' })
}

/** A signing key pair and the JWKS (public half) a server verifies with. */
export interface SigningKey {
  alg: 'RS256' | 'ES256'
  kid: string
  privateKey: CryptoKey
  jwks: JSONWebKeySet
}

export async function signingKey(
  alg: 'RS256' | 'ES256',
  kid = `${alg.toLowerCase()}-test`,
): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true })
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }
  return { alg, kid, privateKey, jwks: { keys: [jwk] } }
}

export function signedToken(key: SigningKey, claims: TokenClaims): Promise<string> {
  return sign(claims, key.privateKey, { alg: key.alg, kid: key.kid })
}

function sign(
  { expiresInS = 300, ...claims }: TokenClaims,
  key: Uint8Array | CryptoKey,
  header: { alg: string; kid?: string },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT(claims)
    .setProtectedHeader({ ...header, typ: 'JWT' })
    .setIssuedAt(now - 1)
    .setExpirationTime(now + expiresInS)
    .sign(key)
}
