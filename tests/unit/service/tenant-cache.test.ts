import { describe, expect, it } from 'bun:test'
import fc from 'fast-check'
import type { Caller, CallerKind } from '../../../src/data/with-tenant.ts'
import {
  type CacheStore,
  memoryCacheStore,
  TenantCache,
  tenantCacheKey,
  visibilityKey,
} from '../../../src/service/tenant-cache.ts'

const KINDS: CallerKind[] = ['store_manager', 'regional_manager', 'head_office']
const storeId = fc
  .integer({ min: 0, max: 30 })
  .map((n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`)
const caller = fc.record({
  rlsUserId: fc.uuid(),
  displayName: fc.string(),
  kind: fc.constantFrom(...KINDS),
  storeIds: fc.uniqueArray(storeId, { maxLength: 8 }),
}) as fc.Arbitrary<Caller>

const sameStores = (a: Caller, b: Caller) =>
  a.kind === b.kind && [...a.storeIds].sort().join() === [...b.storeIds].sort().join()

describe('tenant cache keys', () => {
  it('differ for any two callers who see different stores, whatever else they share', () => {
    fc.assert(
      fc.property(caller, caller, fc.jsonValue(), fc.string(), (a, b, args, version) => {
        fc.pre(!sameStores(a, b))
        expect(tenantCacheKey(a, 'tool', args, version)).not.toBe(tenantCacheKey(b, 'tool', args, version))
      }),
      { numRuns: 2_000 },
    )
  })

  it('are equal for callers who see the same stores, whoever they claim to be and in any order', () => {
    fc.assert(
      fc.property(caller, fc.uuid(), fc.string(), (a, otherId, name) => {
        const b: Caller = { ...a, rlsUserId: otherId, displayName: name, storeIds: [...a.storeIds].reverse() }
        expect(visibilityKey(b)).toBe(visibilityKey(a))
        expect(tenantCacheKey(b, 't', { x: 1, y: [2] }, '7')).toBe(
          tenantCacheKey(a, 't', { y: [2], x: 1 }, '7'),
        )
      }),
    )
  })

  it('change with the data version, the tool and the arguments', () => {
    fc.assert(
      fc.property(caller, (a) => {
        const key = tenantCacheKey(a, 't', { p: 1 }, '1')
        expect(tenantCacheKey(a, 't', { p: 1 }, '2')).not.toBe(key)
        expect(tenantCacheKey(a, 'u', { p: 1 }, '1')).not.toBe(key)
        expect(tenantCacheKey(a, 't', { p: 2 }, '1')).not.toBe(key)
      }),
    )
  })
})

describe('tenant cache', () => {
  const alice: Caller = { rlsUserId: 'a', displayName: 'A', kind: 'store_manager', storeIds: ['s1'] }
  const bob: Caller = { rlsUserId: 'b', displayName: 'B', kind: 'store_manager', storeIds: ['s2'] }

  it('answers a second identical call from the cache, and never another visibility from it', async () => {
    const outcomes: string[] = []
    const cache = new TenantCache(memoryCacheStore(), {
      ttlMs: 60_000,
      version: async () => '1',
      observer: { onLookup: (_tool, outcome) => outcomes.push(outcome) },
    })
    let loads = 0
    const load = (who: string) => async () => ({ who, n: ++loads })
    expect(await cache.getOrLoad(alice, 't', {}, load('alice'))).toEqual({ who: 'alice', n: 1 })
    expect(await cache.getOrLoad(alice, 't', {}, load('alice'))).toEqual({ who: 'alice', n: 1 })
    expect(await cache.getOrLoad(bob, 't', {}, load('bob'))).toEqual({ who: 'bob', n: 2 })
    expect(outcomes).toEqual(['miss', 'hit', 'miss'])
  })

  it('goes to the source when the store fails or the data version cannot be read, and never fails', async () => {
    const broken: CacheStore = {
      kind: 'redis',
      get: async () => Promise.reject(new Error('down')),
      set: async () => Promise.reject(new Error('down')),
      close: async () => {},
    }
    const errors: string[] = []
    const observer = { onError: (op: string) => errors.push(op) }
    const viaBrokenStore = new TenantCache(broken, { ttlMs: 1_000, version: async () => '1', observer })
    expect(await viaBrokenStore.getOrLoad(alice, 't', {}, async () => 'fresh')).toBe('fresh')
    const slowVersion = new TenantCache(memoryCacheStore(), {
      ttlMs: 1_000,
      version: () => new Promise((resolve) => setTimeout(() => resolve('1'), 1_000)),
      versionTimeoutMs: 20,
      observer,
    })
    const started = performance.now()
    expect(await slowVersion.getOrLoad(alice, 't', {}, async () => 'fresh')).toBe('fresh')
    expect(performance.now() - started).toBeLessThan(200)
    expect(errors).toEqual(['get', 'version'])
  })

  it('does not cache failures', async () => {
    const cache = new TenantCache(memoryCacheStore(), { ttlMs: 60_000, version: async () => '1' })
    await expect(
      cache.getOrLoad(alice, 't', {}, async () => Promise.reject(new Error('no'))),
    ).rejects.toThrow('no')
    expect(await cache.getOrLoad(alice, 't', {}, async () => 'yes')).toBe('yes')
  })

  it('stays within its byte bound', async () => {
    const store = memoryCacheStore(10_000)
    for (let i = 0; i < 100; i++) await store.set(`k${i}`, 'x'.repeat(1_000), 60_000)
    let kept = 0
    for (let i = 0; i < 100; i++) if ((await store.get(`k${i}`)) !== undefined) kept++
    expect(kept).toBeLessThanOrEqual(5)
    expect(await store.get('k99')).toBeDefined()
  })
})
