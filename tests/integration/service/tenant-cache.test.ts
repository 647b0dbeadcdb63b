import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import fc from 'fast-check'
import { bumpDataVersion, cachedDataVersion, readDataVersion } from '../../../src/data/data-version.ts'
import { type Caller, resolveCaller } from '../../../src/data/with-tenant.ts'
import { ZavaError } from '../../../src/errors.ts'
import { redisCacheStore } from '../../../src/infra/cache/redis-store.ts'
import { StorePerformanceService } from '../../../src/service/store-performance.ts'
import { TableSchemaService } from '../../../src/service/table-schemas.ts'
import { type CacheStore, memoryCacheStore, TenantCache } from '../../../src/service/tenant-cache.ts'
import { redisAvailable, startRedis } from '../../support/redis-server.ts'
import {
  adminQuery,
  getRetailDatabase,
  type RetailDatabase,
  TEST_TODAY,
} from '../../support/retail-database.ts'

/** Closed periods (cached) and one open one (never cached, compared all the same). */
const PERIODS = ['last_month', 'last_quarter', 'last_year', '2025-01-01/2025-03-31', 'this_month']
const TABLE_SETS = [
  ['retail.stores'],
  ['retail.orders', 'retail.stores'],
  ['retail.products', 'retail.categories'],
]

let rdb: RetailDatabase
let callers: Caller[]
let storeIds: string[]
/** Uncached: the oracle every cached answer must equal. */
let fresh: { schemas: TableSchemaService; performance: StorePerformanceService }

const noCache: CacheStore = {
  kind: 'memory',
  get: async () => undefined,
  set: async () => {},
  close: async () => {},
}

beforeAll(async () => {
  rdb = await getRetailDatabase()
  const users = await adminQuery<{ id: string }>(
    rdb.admin,
    'SELECT rls_user_id::text AS id FROM tenancy.users ORDER BY kind, rls_user_id LIMIT 12',
  )
  callers = await Promise.all(users.map((u) => resolveCaller(rdb.tdb, u.id)))
  // Same id, other visibility: what a claimed id alone would confuse (e.g. a manager moved).
  callers.push({ ...callers[0]!, storeIds: [] }, { ...callers[0]!, kind: 'head_office' })
  storeIds = (
    await adminQuery<{ id: string }>(rdb.admin, 'SELECT store_id::text AS id FROM retail.stores')
  ).map((s) => s.id)
  const uncached = new TenantCache(noCache, { ttlMs: 1, version: async () => 'none' })
  fresh = {
    schemas: new TableSchemaService(rdb.tdb, uncached),
    performance: new StorePerformanceService(rdb.tdb),
  }
})

type Call = { tool: 'schemas'; tables: string[] } | { tool: 'performance'; store: string; period: string }

function callArbitrary(): fc.Arbitrary<{ who: number; call: Call }> {
  return fc.record({
    who: fc.nat({ max: callers.length - 1 }),
    call: fc.oneof(
      fc.record({ tool: fc.constant('schemas' as const), tables: fc.constantFrom(...TABLE_SETS) }),
      fc.record({
        tool: fc.constant('performance' as const),
        store: fc.constantFrom(...storeIds.slice(0, 4)),
        period: fc.constantFrom(...PERIODS),
      }),
    ),
  })
}

/** The answer as the caller would see it: the result, or the error code. */
async function answer(
  services: { schemas: TableSchemaService; performance: StorePerformanceService },
  caller: Caller,
  call: Call,
): Promise<unknown> {
  try {
    return call.tool === 'schemas'
      ? await services.schemas.describe(caller, call.tables)
      : await services.performance.get(caller, {
          storeId: call.store,
          period: call.period,
          today: TEST_TODAY,
        })
  } catch (err) {
    if (err instanceof ZavaError) return { error: err.code }
    throw err
  }
}

function cachedServices(store: CacheStore, outcomes: Record<string, number>) {
  const cache = new TenantCache(store, {
    ttlMs: 60_000,
    version: cachedDataVersion(() => readDataVersion(rdb.app)),
    observer: {
      onLookup: (_tool, outcome) => {
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
      },
    },
  })
  return {
    schemas: new TableSchemaService(rdb.tdb, cache),
    performance: new StorePerformanceService(rdb.tdb, cache),
  }
}

describe('tenant cache over random callers, tools and arguments', () => {
  it('never returns a cached answer to a caller whose visible stores differ (memory)', async () => {
    const outcomes: Record<string, number> = {}
    const cached = cachedServices(memoryCacheStore(), outcomes)
    await fc.assert(
      fc.asyncProperty(callArbitrary(), async ({ who, call }) => {
        const caller = callers[who]!
        expect(await answer(cached, caller, call)).toEqual(await answer(fresh, caller, call))
      }),
      { numRuns: 150, seed: 20_261_125 },
    )
    expect(outcomes.hit ?? 0).toBeGreaterThan(20)
    expect(outcomes.miss ?? 0).toBeGreaterThan(5)
  })

  describe.skipIf(!redisAvailable())('with a real Redis', () => {
    let redis: Awaited<ReturnType<typeof startRedis>>
    beforeAll(async () => {
      redis = await startRedis()
    })
    afterAll(() => redis?.stop())

    it('never mixes visibilities, and answers the same after Redis is stopped mid-run', async () => {
      const outcomes: Record<string, number> = {}
      const store = redisCacheStore(redis.url, { timeoutMs: 100 })
      const cached = cachedServices(store, outcomes)
      const runs = 160
      let run = 0
      let hitsBeforeStop = 0
      try {
        await fc.assert(
          fc.asyncProperty(callArbitrary(), async ({ who, call }) => {
            if (++run === runs / 2) {
              hitsBeforeStop = outcomes.hit ?? 0
              await redis.stop()
            }
            const caller = callers[who]!
            const started = performance.now()
            const got = await answer(cached, caller, call)
            const ms = performance.now() - started
            expect(got).toEqual(await answer(fresh, caller, call))
            // Redis down never slows a call by more than its timeout, let alone fails it.
            expect(ms).toBeLessThan(2_000)
          }),
          { numRuns: runs, seed: 42 },
        )
      } finally {
        await store.close()
      }
      expect(hitsBeforeStop).toBeGreaterThan(10)
      expect(outcomes.bypass ?? 0).toBeGreaterThan(10)
    })
  })
})

describe('data version', () => {
  it('is readable by the server login and bumped by a data change', async () => {
    const before = await readDataVersion(rdb.app)
    const after = await bumpDataVersion(rdb.admin, 'test')
    expect(Number(after)).toBe(Number(before) + 1)
    expect(await readDataVersion(rdb.app)).toBe(after!)
  })

  it('makes earlier cached answers unreachable once bumped', async () => {
    let version = await readDataVersion(rdb.app)
    const cache = new TenantCache(memoryCacheStore(), { ttlMs: 60_000, version: async () => version })
    const caller = callers[0]!
    expect(await cache.getOrLoad(caller, 't', {}, async () => 'old')).toBe('old')
    expect(await cache.getOrLoad(caller, 't', {}, async () => 'new')).toBe('old')
    version = (await bumpDataVersion(rdb.admin, 'test'))!
    expect(await cache.getOrLoad(caller, 't', {}, async () => 'new')).toBe('new')
  })
})
