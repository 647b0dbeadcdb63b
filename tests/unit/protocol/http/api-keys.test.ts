import { describe, expect, it } from 'bun:test'
import { ConfigurationError } from '../../../../src/errors.ts'
import { apiKeyAuthenticator, hashApiKey, parseApiKeys } from '../../../../src/protocol/http/api-keys.ts'
import type { AuthFailure } from '../../../../src/protocol/http/auth.ts'

const ALICE = '11111111-1111-4111-8111-111111111111'
const BOB = '22222222-2222-4222-8222-222222222222'
const bearer = (key: string) => new Headers({ authorization: `Bearer ${key}` })

describe('API keys', () => {
  it('reads a JSON file and a lines file to the same keys', () => {
    const json = parseApiKeys(JSON.stringify({ [hashApiKey('a-key')]: ALICE, [hashApiKey('b-key')]: BOB }))
    const lines = parseApiKeys(
      `# team keys\n${hashApiKey('a-key')} ${ALICE}\n\n${hashApiKey('b-key')}: ${BOB}\n`,
    )
    expect(lines).toEqual(json)
    expect(json.map((k) => k.rlsUserId)).toEqual([ALICE, BOB])
  })

  it('lists every bad entry at once and never echoes a key', () => {
    const text = `plaintext-key ${ALICE}\n${hashApiKey('x')} not-a-uuid\n${hashApiKey('y')} ${ALICE}\n${hashApiKey('y')} ${BOB}`
    let err: unknown
    try {
      parseApiKeys(text)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigurationError)
    const message = (err as Error).message
    expect(message).toContain('entry 1: the key hash must be 64 hex digits')
    expect(message).toContain('entry 2: the RLS user id must be a UUID')
    expect(message).toContain('entry 4: the same key hash appears twice')
    expect(message).not.toContain('plaintext-key')
  })

  it('refuses an empty file', () => {
    expect(() => parseApiKeys('# nothing\n')).toThrow('holds no keys')
  })

  it('authenticates a known key as its user, naming it by a hash prefix only', async () => {
    const auth = apiKeyAuthenticator(
      parseApiKeys(`${hashApiKey('a-key')} ${ALICE}\n${hashApiKey('b-key')} ${BOB}`),
    )
    const principal = await auth.authenticate(bearer('b-key'))
    expect(principal.rlsUserId).toBe(BOB)
    expect(principal.subject).toBe(`api-key:${hashApiKey('b-key').slice(0, 12)}`)
    expect(JSON.stringify(principal)).not.toContain('b-key')
  })

  it('refuses an unknown key and a missing one', async () => {
    const auth = apiKeyAuthenticator(parseApiKeys(`${hashApiKey('a-key')} ${ALICE}`))
    await expect(auth.authenticate(bearer('a-keyX'))).rejects.toThrow('The API key is not known.')
    const missing = await auth.authenticate(new Headers()).catch((e: AuthFailure) => e)
    expect((missing as AuthFailure).error).toBeNull()
  })
})
