import { describe, expect, it } from 'bun:test'
import type { Caller } from '../../../../src/data/with-tenant.ts'
import { AuthenticationError, ServiceUnavailableError } from '../../../../src/errors.ts'
import { CallerCache } from '../../../../src/protocol/http/caller-cache.ts'
import { ReadinessCheck } from '../../../../src/protocol/http/health.ts'
import { hostAllowed, originAllowed } from '../../../../src/protocol/http/origin.ts'
import { RateLimiter } from '../../../../src/protocol/http/rate-limit.ts'

const caller = (id: string): Caller => ({
  rlsUserId: id,
  displayName: id,
  kind: 'store_manager',
  storeIds: [],
})

describe('the rate limiter', () => {
  it('allows the burst at once, then one request per refill interval', () => {
    let now = 0
    const limiter = new RateLimiter(120, 2, () => now)
    expect(limiter.take('a')).toEqual({ ok: true })
    expect(limiter.take('a')).toEqual({ ok: true })
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterS: 1 })
    now += 500
    expect(limiter.take('a')).toEqual({ ok: true })
    expect(limiter.take('a').ok).toBe(false)
  })

  it('says how long to wait at slow rates', () => {
    const limiter = new RateLimiter(2, 1, () => 0)
    limiter.take('a')
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterS: 30 })
  })

  it('keeps identities apart, and 0 per minute means no limit', () => {
    const limiter = new RateLimiter(60, 1, () => 0)
    expect(limiter.take('a').ok).toBe(true)
    expect(limiter.take('b').ok).toBe(true)
    const off = new RateLimiter(0, 1, () => 0)
    for (let i = 0; i < 100; i++) expect(off.take('a').ok).toBe(true)
  })

  it('forgets refilled buckets when it holds too many keys', () => {
    let now = 0
    const limiter = new RateLimiter(60, 1, () => now, 2)
    limiter.take('a')
    limiter.take('b')
    now += 60_000
    limiter.take('c')
    expect(limiter.take('a').ok).toBe(true)
  })
})

describe('the caller cache', () => {
  it('resolves each user once per TTL, sharing concurrent lookups', async () => {
    let now = 0
    let calls = 0
    const cache = new CallerCache(
      async (id) => {
        calls++
        return caller(id)
      },
      1_000,
      10,
      () => now,
    )
    const [a, b] = await Promise.all([cache.get('u1'), cache.get('u1')])
    expect(a).toEqual(caller('u1'))
    expect(b).toBe(a)
    expect(calls).toBe(1)
    now += 999
    await cache.get('u1')
    expect(calls).toBe(1)
    now += 1
    await cache.get('u1')
    expect(calls).toBe(2)
  })

  it('remembers unknown users as null but retries failed lookups', async () => {
    let calls = 0
    const cache = new CallerCache(async (id) => {
      calls++
      if (id === 'ghost') throw new AuthenticationError('no such user')
      throw new ServiceUnavailableError('database down')
    }, 60_000)
    expect(await cache.get('ghost')).toBeNull()
    expect(await cache.get('ghost')).toBeNull()
    await expect(cache.get('u1')).rejects.toThrow('database down')
    await expect(cache.get('u1')).rejects.toThrow('database down')
    expect(calls).toBe(3)
  })

  it('stays within its size', async () => {
    const cache = new CallerCache(async (id) => caller(id), 60_000, 3)
    for (const id of ['a', 'b', 'c', 'd', 'e']) await cache.get(id)
    expect(cache.size).toBeLessThanOrEqual(3)
  })
})

describe('Host and Origin checks', () => {
  const allowed = ['localhost', '127.0.0.1', '[::1]', 'mcp.example:8443']
  it.each([
    ['127.0.0.1:3000', true],
    ['LOCALHOST:1', true],
    ['[::1]:3000', true],
    ['mcp.example:8443', true],
    ['mcp.example:443', false],
    ['evil.example', false],
    ['127.0.0.1.evil.example:3000', false],
    [undefined, false],
  ])('Host %s allowed: %s', (host, ok) => {
    expect(hostAllowed(host, allowed)).toBe(ok)
  })

  it.each([
    [undefined, '127.0.0.1:3000', true],
    ['http://127.0.0.1:3000', '127.0.0.1:3000', true],
    ['https://app.example', '127.0.0.1:3000', true],
    ['http://127.0.0.1:3001', '127.0.0.1:3000', false],
    ['http://evil.example', 'evil.example', true],
    ['null', '127.0.0.1:3000', false],
    ['file://', '127.0.0.1:3000', false],
  ])('Origin %s with Host %s allowed: %s', (origin, host, ok) => {
    // Same-origin is judged against a Host already checked; the evil.example case is stopped by the Host check.
    expect(originAllowed(origin, host, ['https://app.example'])).toBe(ok)
  })
})

describe('the readiness check', () => {
  it('probes at most once per cache period and reports states only', async () => {
    let now = 0
    let probes = 0
    const check = new ReadinessCheck(
      [
        {
          names: ['database', 'migrations'],
          check: async () => {
            probes++
            return { database: { ok: true, state: 'reachable' }, migrations: { ok: false, state: 'pending' } }
          },
        },
      ],
      1_000,
      100,
      () => now,
    )
    const first = await check.check()
    await check.check()
    expect(probes).toBe(1)
    expect(first).toEqual({
      ready: false,
      checks: { database: { ok: true, state: 'reachable' }, migrations: { ok: false, state: 'pending' } },
    })
    now += 1_000
    await check.check()
    expect(probes).toBe(2)
  })

  it('turns a throwing probe into unavailable and a hanging one into timeout, hiding the error', async () => {
    const check = new ReadinessCheck(
      [
        { names: ['database'], check: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.5:5432')) },
        { names: ['embedder'], check: () => new Promise(() => {}) },
      ],
      1_000,
      20,
    )
    const readiness = await check.check()
    expect(readiness).toEqual({
      ready: false,
      checks: { database: { ok: false, state: 'unavailable' }, embedder: { ok: false, state: 'timeout' } },
    })
  })
})
