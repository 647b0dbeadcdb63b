import { createHash, timingSafeEqual } from 'node:crypto'
import { ConfigurationError } from '../../errors.ts'
import { type Authenticator, AuthFailure, bearerToken, RLS_USER_ID } from './auth.ts'

interface StoredKey {
  hash: Buffer
  rlsUserId: string
  /** The first hex digits of the hash: names the key in logs and sessions, reveals nothing. */
  id: string
}

/** sha256 of an API key, hex: what the keys file stores instead of the key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/**
 * Parses a keys file: either JSON `{"<sha256 hex>": "<rls user id>", …}` or lines
 * `<sha256 hex> <rls user id>` (blank lines and `#` comments ignored). Every bad entry is listed.
 */
export function parseApiKeys(text: string, source = 'API_KEYS_FILE'): StoredKey[] {
  const entries: [string, unknown][] = text.trimStart().startsWith('{')
    ? Object.entries(parseJson(text, source))
    : text
        .split('\n')
        .map((line) => line.replace(/#.*$/, '').trim())
        .filter((line) => line !== '')
        .map((line) => {
          const [hash = '', rlsUserId = '', ...rest] = line.split(/[\s:=,]+/)
          return [hash, rest.length > 0 ? undefined : rlsUserId]
        })
  const problems: string[] = []
  const seen = new Set<string>()
  const keys: StoredKey[] = []
  for (const [index, [hash, rlsUserId]] of entries.entries()) {
    const at = `entry ${index + 1}`
    const before = problems.length
    if (!/^[0-9a-f]{64}$/i.test(hash)) problems.push(`${at}: the key hash must be 64 hex digits (sha256).`)
    else if (seen.has(hash.toLowerCase())) problems.push(`${at}: the same key hash appears twice.`)
    else seen.add(hash.toLowerCase())
    if (typeof rlsUserId !== 'string' || !RLS_USER_ID.test(rlsUserId)) {
      problems.push(`${at}: the RLS user id must be a UUID.`)
    }
    if (problems.length === before) {
      keys.push({
        hash: Buffer.from(hash, 'hex'),
        rlsUserId: (rlsUserId as string).toLowerCase(),
        id: hash.slice(0, 12).toLowerCase(),
      })
    }
  }
  if (keys.length === 0 && problems.length === 0) problems.push('it holds no keys.')
  if (problems.length > 0) {
    throw new ConfigurationError(
      `${source} is invalid:\n  ${problems.join('\n  ')}`,
      'Store sha256 hashes of keys, never keys: `printf %s "$KEY" | sha256sum`.',
    )
  }
  return keys
}

function parseJson(text: string, source: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text)
    if (value && typeof value === 'object' && !Array.isArray(value)) return value
  } catch {}
  throw new ConfigurationError(`${source} is not a JSON object.`, 'Write {"<sha256 hex>": "<rls user id>"}.')
}

/**
 * API keys sent as bearer tokens. The presented key is hashed and compared with every stored hash
 * in constant time, so neither the comparison nor the number of tries reveals a matching prefix.
 */
export function apiKeyAuthenticator(keys: readonly StoredKey[]): Authenticator {
  return {
    mode: 'api-key',
    async authenticate(headers) {
      const presented = createHash('sha256').update(bearerToken(headers), 'utf8').digest()
      let found: StoredKey | undefined
      for (const key of keys) {
        if (timingSafeEqual(presented, key.hash)) found ??= key
      }
      if (!found) throw new AuthFailure('The API key is not known.')
      const subject = `api-key:${found.id}`
      return { rlsUserId: found.rlsUserId, subject, clientId: subject, scopes: [], token: found.id }
    },
  }
}

/** Reads and parses API_KEYS_FILE at start-up. */
export async function loadApiKeys(path: string): Promise<StoredKey[]> {
  let text: string
  try {
    text = await Bun.file(path).text()
  } catch (err) {
    throw new ConfigurationError(
      `API_KEYS_FILE ${path} cannot be read.`,
      'Check the path and its permissions.',
      {
        cause: err,
      },
    )
  }
  return parseApiKeys(text, `API_KEYS_FILE ${path}`)
}
