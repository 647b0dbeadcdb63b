import { beforeAll, describe, expect, it } from 'bun:test'
import { DEMO_USERS } from '../../../src/data/seed/index.ts'
import { type Caller, resolveCaller } from '../../../src/data/with-tenant.ts'
import { ValidationError } from '../../../src/errors.ts'
import type { LocalEmbedder } from '../../../src/infra/embeddings/local.ts'
import { type ProductSearchArgs, ProductSearchService } from '../../../src/service/product-search.ts'
import { adminQuery, type RetailDatabase } from '../../support/retail-database.ts'
import { getSearchDatabase } from '../../support/search-database.ts'

// Semantic search on the shared database (real PostgreSQL where available) with the offline model.
let rdb: RetailDatabase
let embedder: LocalEmbedder
let service: ProductSearchService
const callers = {} as Record<keyof typeof DEMO_USERS, Caller>

beforeAll(async () => {
  ;({ rdb, embedder } = await getSearchDatabase())
  service = new ProductSearchService(rdb.tdb, embedder)
  for (const who of Object.keys(DEMO_USERS) as (keyof typeof DEMO_USERS)[]) {
    callers[who] = await resolveCaller(rdb.tdb, DEMO_USERS[who].rlsUserId)
  }
})

const search = (
  query: string,
  extra: Partial<ProductSearchArgs> = {},
  who: keyof typeof DEMO_USERS = 'headOffice',
) => service.search(callers[who], { query, maxRows: 5, minSimilarity: 0.3, inStockOnly: false, ...extra })

/** Product ids in stock (quantity > 0) at the given stores, read as the admin: the oracle. */
async function inStockAt(storeIds: readonly string[]): Promise<Set<string>> {
  const rows = await adminQuery<{ id: string }>(
    rdb.admin,
    `SELECT DISTINCT product_id::text AS id FROM retail.inventory
     WHERE quantity_on_hand > 0 AND store_id = ANY($1::uuid[])`,
    [storeIds],
  )
  return new Set(rows.map((r) => r.id))
}

describe('semantic product search with the offline model', () => {
  it.each([
    ['something to stop a dripping tap', 'Tap Washers & Repair Kits'],
    ['waterproof box for outdoor electrical connections', 'Junction Boxes & Enclosures'],
    ['cordless drill 18V', 'Cordless Drills'],
    ['clear a blocked sink', 'Drain Unblockers'],
  ])('finds %p among the top three (%s)', async (query, productType) => {
    const result = await search(query)
    expect(result.vector_status).toBe('ready')
    expect(result.model).toBe('use-lite-512')
    expect(result.results.slice(0, 3).map((r) => r.product_type)).toContain(productType)
  })

  it('finds by meaning alone what shares no word with the question', async () => {
    const result = await service.search(
      callers.headOffice,
      { query: 'something to stop a dripping tap', maxRows: 5, minSimilarity: 0.3, inStockOnly: false },
      'vector',
    )
    expect(result.results.map((r) => r.product_type)).toContain('Tap Washers & Repair Kits')
    expect(result.results.every((r) => r.matched_by === 'vector' && r.similarity! >= 0.3)).toBe(true)
  })

  it('reports how each result matched, with similarity only for vector matches and rank only for text ones', async () => {
    const { results } = await search('cordless drill 18V', { maxRows: 20 })
    expect(results.length).toBeGreaterThan(0)
    for (const r of results) {
      expect(r.similarity === null).toBe(r.matched_by === 'text')
      expect(r.text_rank === null).toBe(r.matched_by === 'vector')
    }
    expect(results[0]!.matched_by).toBe('both')
    const scores = results.map((r) => r.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
  })

  it('drops vector matches below min_similarity', async () => {
    const { results } = await search('drill', { minSimilarity: 0.99, maxRows: 20 })
    expect(results.every((r) => r.matched_by === 'text')).toBe(true)
  })

  it('applies the category and price filters to both lists', async () => {
    const { results } = await search('something for the garden', {
      category: 'garden',
      maxPrice: 30,
      maxRows: 30,
    })
    expect(results.length).toBeGreaterThan(0)
    expect(results.every((r) => r.category === 'Garden' && r.price <= 30)).toBe(true)
    const priced = await search('tool', { minPrice: 50, maxPrice: 100, maxRows: 30 })
    expect(priced.results.every((r) => r.price >= 50 && r.price <= 100)).toBe(true)
  })

  it('gives VALIDATION_ERROR listing the categories for an unknown one, and for min_price above max_price', async () => {
    const unknown = await search('drill', { category: 'Spaceships' }).catch((e) => e)
    expect(unknown).toBeInstanceOf(ValidationError)
    expect(unknown.hint).toContain('Power Tools')
    expect(await search('drill', { minPrice: 10, maxPrice: 5 }).catch((e) => e)).toBeInstanceOf(
      ValidationError,
    )
  })
})

describe('in_stock_only under row level security', () => {
  for (const who of ['storeManager', 'regionalManager', 'headOffice'] as const) {
    it(`returns for the ${who} only products in stock at its own stores (admin oracle)`, async () => {
      const oracle = await inStockAt(callers[who].storeIds)
      for (const query of [
        'drill',
        'paint for a bathroom',
        'garden hose',
        'something to stop a dripping tap',
      ]) {
        const { results } = await search(query, { inStockOnly: true, maxRows: 50, minSimilarity: 0 }, who)
        expect(results.length).toBeGreaterThan(0)
        for (const r of results) expect(oracle.has(r.product_id)).toBe(true)
      }
    })
  }

  it('never gives a store manager a product in stock only at another store', async () => {
    const mine = callers.storeManager.storeIds
    const [elsewhere] = await adminQuery<{ id: string; name: string }>(
      rdb.admin,
      `SELECT p.product_id::text AS id, p.name FROM retail.products p
       WHERE EXISTS (SELECT 1 FROM retail.inventory i WHERE i.product_id = p.product_id AND i.quantity_on_hand > 0)
         AND NOT EXISTS (SELECT 1 FROM retail.inventory i WHERE i.product_id = p.product_id
                         AND i.quantity_on_hand > 0 AND i.store_id = ANY($1::uuid[]))
       ORDER BY p.sku LIMIT 1`,
      [mine],
    )
    expect(elsewhere).toBeDefined()
    const ids = async (who: keyof typeof DEMO_USERS, inStockOnly: boolean) =>
      (await search(`"${elsewhere!.name}"`, { inStockOnly, maxRows: 50 }, who)).results.map(
        (r) => r.product_id,
      )
    expect(await ids('storeManager', false)).toContain(elsewhere!.id) // the catalogue is shared
    expect(await ids('headOffice', true)).toContain(elsewhere!.id)
    expect(await ids('storeManager', true)).not.toContain(elsewhere!.id)
  })
})

describe('privileges of the search functions', () => {
  const can = async (role: string, fn: string) =>
    (
      await adminQuery<{ ok: boolean }>(rdb.admin, 'SELECT has_function_privilege($1, $2, $3) AS ok', [
        role,
        fn,
        'EXECUTE',
      ])
    )[0]!.ok

  it('lets no application role build indexes, and every analyst kind search', async () => {
    for (const role of ['zava_app', 'zava_analyst', 'store_manager', 'regional_manager', 'head_office']) {
      expect(await can(role, 'retail.ensure_embedding_index(text, integer, text, integer, integer)')).toBe(
        false,
      )
      expect(await can(role, 'retail.refresh_search_statistics()')).toBe(false)
    }
    const searchFns = [
      'retail.search_product_vectors(text, vector, integer, text, numeric, numeric, boolean, integer)',
      'retail.informative_words_tsquery(text, double precision)',
      'retail.any_word_tsquery(text)',
    ]
    for (const fn of searchFns) {
      for (const role of ['store_manager', 'regional_manager', 'head_office'])
        expect(await can(role, fn)).toBe(true)
      expect(await can('zava_app', fn)).toBe(false)
    }
  })

  it('refuses zava_app a direct call of ensure_embedding_index', async () => {
    if (!rdb.separateAppRole) return // PGlite has one (superuser) login
    const error = await adminQuery(rdb.app, "SELECT retail.ensure_embedding_index('x', 4)").catch((e) => e)
    expect(error.code).toBe('42501')
  })
})
