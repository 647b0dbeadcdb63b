import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { installSigningKey } from '../../../src/data/admin.ts'
import { createPgliteDb, type Db } from '../../../src/data/db.ts'
import { migrate } from '../../../src/data/migrations.ts'
import { DEMO_USERS, seedDatabase } from '../../../src/data/seed/index.ts'
import { TenantSigner } from '../../../src/data/tenant-context.ts'
import { type Caller, resolveCaller, type TenantDb } from '../../../src/data/with-tenant.ts'
import { EmbeddingModelMismatchError } from '../../../src/errors.ts'
import { BackgroundEmbedding } from '../../../src/service/background-embedding.ts'
import { embedProducts } from '../../../src/service/product-embedding.ts'
import { ProductSearchService } from '../../../src/service/product-search.ts'
import { FakeEmbedder } from '../../support/fake-embedder.ts'
import { TEST_TIMEOUTS } from '../../support/retail-database.ts'

// The embedding job and its bookkeeping on PGlite, with a deterministic stand-in model: what is
// tested is which products get embedded when, not the model (see product-search.test.ts for that).
setDefaultTimeout(120_000)

let db: Db
let tdb: TenantDb
let headOffice: Caller
let products: number
const silent = { info() {}, warn() {}, error() {}, debug() {} } as never

async function rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const lease = await db.acquire()
  try {
    return (await lease.connection.query(sql, params)).rows as T[]
  } finally {
    lease.release()
  }
}

const hashes = async (model: string) =>
  new Map(
    (
      await rows<{ id: string; hash: string }>(
        'SELECT product_id::text AS id, content_hash AS hash FROM retail.product_description_embeddings WHERE model = $1',
        [model],
      )
    ).map((r) => [r.id, r.hash]),
  )

const indexesOf = async (model: string) =>
  (
    await rows<{ name: string }>(
      "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'retail' AND indexdef LIKE '%' || $1 || '%' ORDER BY 1",
      [`'${model}'`],
    )
  ).map((r) => r.name)

beforeAll(async () => {
  db = createPgliteDb(await PGlite.create({ extensions: { vector } }))
  await migrate(db)
  const signer = TenantSigner.parse(TenantSigner.generateKey())
  await installSigningKey(db, signer)
  await seedDatabase(db, { scale: 0.01, seed: 3 })
  tdb = { db, signer, timeouts: TEST_TIMEOUTS }
  headOffice = await resolveCaller(tdb, DEMO_USERS.headOffice.rlsUserId)
  products = Number((await rows<{ n: number }>('SELECT count(*)::int AS n FROM retail.products'))[0]!.n)
})

afterAll(async () => {
  await db?.close()
})

const ask = (service: ProductSearchService, query: string) =>
  service.search(headOffice, { query, maxRows: 5, minSimilarity: 0, inStockOnly: false })

describe('search before any product is embedded', () => {
  it('answers from full text with vector_status unavailable and says how to embed', async () => {
    const result = await ask(new ProductSearchService(tdb, new FakeEmbedder()), 'drill')
    expect(result.vector_status).toBe('unavailable')
    expect(result.note).toContain('zava-mcp embed')
    expect(result.results.length).toBeGreaterThan(0)
    expect(result.results.every((r) => r.matched_by === 'text' && r.similarity === null)).toBe(true)
  })

  it('answers from full text with vector_status indexing while the background embedding runs', async () => {
    let open!: () => void
    const gate = new Promise<void>((resolve) => {
      open = resolve
    })
    const embedder = new FakeEmbedder('fake-16', 16, { gate })
    const background = new BackgroundEmbedding(db, embedder, silent)
    const service = new ProductSearchService(tdb, embedder, { background })
    background.start()
    expect(background.state).toBe('running')
    const during = await ask(service, 'cordless drill')
    expect(during.vector_status).toBe('indexing')
    expect(during.note).toContain('being computed')
    expect(during.results.every((r) => r.matched_by === 'text')).toBe(true)
    open()
    await background.finished()
    expect(background.state).toBe('done')
    const after = await ask(service, 'cordless drill')
    expect(after.vector_status).toBe('ready')
    expect(after.results.some((r) => r.matched_by !== 'text')).toBe(true)
  })
})

describe('embedProducts', () => {
  it('skips every product whose text is unchanged', async () => {
    const embedder = new FakeEmbedder()
    const report = await embedProducts(db, embedder, { batchSize: 50 })
    expect(report).toMatchObject({ products, embedded: 0, unchanged: products })
    expect(embedder.embedded).toEqual([])
    expect((await hashes('fake-16')).size).toBe(products)
  })

  it('re-embeds exactly the products whose name, description, type or category changed', async () => {
    const before = await hashes('fake-16')
    const [first, second] = await rows<{ id: string }>(
      'SELECT product_id::text AS id FROM retail.products ORDER BY sku LIMIT 2',
    )
    await rows(
      "UPDATE retail.products SET description = description || ' Now in blue.' WHERE product_id = $1",
      [first!.id],
    )
    await rows("UPDATE retail.products SET name = name || ' Mk II' WHERE product_id = $1", [second!.id])
    const [type] = await rows<{ id: string }>(
      `SELECT product_type_id::text AS id FROM retail.products
       WHERE product_id NOT IN ($1, $2) GROUP BY 1 ORDER BY 1 LIMIT 1`,
      [first!.id, second!.id],
    )
    await rows("UPDATE retail.product_types SET name = name || ' (Renamed)' WHERE product_type_id = $1", [
      type!.id,
    ])
    const ofType = (
      await rows<{ id: string }>(
        'SELECT product_id::text AS id FROM retail.products WHERE product_type_id = $1',
        [type!.id],
      )
    ).map((r) => r.id)
    const changed = new Set([first!.id, second!.id, ...ofType])

    const embedder = new FakeEmbedder()
    const report = await embedProducts(db, embedder, { batchSize: 50 })
    expect(report.embedded).toBe(changed.size)
    expect(embedder.embedded).toHaveLength(changed.size)
    expect(embedder.embedded.some((text) => text.includes('Now in blue.'))).toBe(true)
    const after = await hashes('fake-16')
    for (const [id, hash] of after) {
      if (changed.has(id)) expect(hash).not.toBe(before.get(id)!)
      else expect(hash).toBe(before.get(id)!)
    }
  })

  it('re-embeds everything with all', async () => {
    const embedder = new FakeEmbedder()
    expect((await embedProducts(db, embedder, { all: true, batchSize: 100 })).embedded).toBe(products)
  })

  it('keeps what an interrupted run stored, and the next run embeds only the rest', async () => {
    const failing = new FakeEmbedder('fake-8', 8, { failOnCall: 3 })
    await expect(embedProducts(db, failing, { batchSize: 40 })).rejects.toThrow('failed on call 3')
    expect((await hashes('fake-8')).size).toBe(80)
    const resumed = new FakeEmbedder('fake-8', 8)
    const report = await embedProducts(db, resumed, { batchSize: 40 })
    expect(report).toMatchObject({ embedded: products - 80, unchanged: 80 })
    expect((await hashes('fake-8')).size).toBe(products)
  })

  it('stops at the next batch when aborted', async () => {
    const abort = new AbortController()
    const embedder = new FakeEmbedder('fake-4', 4)
    const run = embedProducts(db, embedder, {
      batchSize: 10,
      signal: abort.signal,
      onProgress: (p) => p.embedded === 30 && abort.abort(new Error('stop')),
    })
    await expect(run).rejects.toThrow('stop')
    expect((await hashes('fake-4')).size).toBe(30)
  })

  it("builds one HNSW index per model, and IVFFlat on request replaces the model's HNSW index", async () => {
    const hnsw = await indexesOf('fake-16')
    expect(hnsw).toHaveLength(1)
    expect(hnsw[0]!).toEndWith('_16_hnsw32x128')
    await embedProducts(db, new FakeEmbedder(), { index: 'hnsw' })
    expect(await indexesOf('fake-16')).toEqual(hnsw)
    const report = await embedProducts(db, new FakeEmbedder(), { index: 'ivfflat' })
    expect(await indexesOf('fake-16')).toEqual([report.index!])
    expect(report.index!).toEndWith('_16_ivfflat')
    await embedProducts(db, new FakeEmbedder(), { index: 'hnsw' })
    expect(await indexesOf('fake-16')).toEqual(hnsw)
  })

  it('rebuilds the HNSW index when its build parameters change', async () => {
    const report = await embedProducts(db, new FakeEmbedder(), { hnsw: { m: 16, efConstruction: 64 } })
    expect(report.index!).toEndWith('_16_hnsw16x64')
    expect(await indexesOf('fake-16')).toEqual([report.index!])
    const [index] = await rows<{ def: string }>(
      'SELECT indexdef AS def FROM pg_indexes WHERE indexname = $1',
      [report.index],
    )
    expect(index!.def).toContain("m='16'")
  })

  it('recounts the products holding each word', async () => {
    const [total] = await rows<{ products: number }>(
      "SELECT products FROM retail.search_word_frequencies WHERE word = ''",
    )
    expect(total!.products).toBe(products)
    const [drill] = await rows<{ stats: number; actual: number }>(
      `SELECT (SELECT products FROM retail.search_word_frequencies WHERE word = 'drill') AS stats,
              (SELECT count(*)::int FROM retail.products WHERE search_document @@ 'drill'::tsquery) AS actual`,
    )
    expect(drill!.stats).toBe(drill!.actual)
  })
})

describe('an embedder that fails', () => {
  it('leaves search to full text with vector_status unavailable, saying so', async () => {
    const failing = new FakeEmbedder('fake-16', 16, { failOnCall: 1 })
    const result = await ask(new ProductSearchService(tdb, failing, { log: silent }), 'cordless drill')
    expect(result.vector_status).toBe('unavailable')
    expect(result.note).toContain('Semantic matching is unavailable right now')
    expect(result.note).not.toContain('failed on call') // not a ZavaError: its message stays in the log
    expect(result.results.length).toBeGreaterThan(0)
  })
})

describe('vectors of another model', () => {
  it('are refused with EMBEDDING_MODEL_MISMATCH and a hint to run zava-mcp embed', async () => {
    await rows("DELETE FROM retail.product_description_embeddings WHERE model <> 'fake-8'")
    const error = await ask(new ProductSearchService(tdb, new FakeEmbedder('fake-16', 16)), 'drill').catch(
      (e) => e,
    )
    expect(error).toBeInstanceOf(EmbeddingModelMismatchError)
    expect(error.code).toBe('EMBEDDING_MODEL_MISMATCH')
    expect(error.message).toContain('fake-8')
    expect(error.hint).toContain('zava-mcp embed')
  })

  it('are refused when the model name matches but the dimension does not', async () => {
    const error = await ask(new ProductSearchService(tdb, new FakeEmbedder('fake-8', 16)), 'drill').catch(
      (e) => e,
    )
    expect(error).toBeInstanceOf(EmbeddingModelMismatchError)
  })

  it('do not stop a search with the model they were made by', async () => {
    const result = await ask(new ProductSearchService(tdb, new FakeEmbedder('fake-8', 8)), 'drill')
    expect(result.vector_status).toBe('ready')
  })
})

describe('the full-text document of a product', () => {
  const matches = async (query: string) =>
    (
      await rows<{ name: string }>(
        "SELECT name FROM retail.products WHERE search_document @@ websearch_to_tsquery('english', $1)",
        [query],
      )
    ).map((r) => r.name)

  it('follows a renamed product and a renamed category', async () => {
    const [product] = await rows<{ id: string; category_id: string }>(
      'SELECT product_id::text AS id, category_id::text FROM retail.products ORDER BY sku LIMIT 1',
    )
    await rows("UPDATE retail.products SET name = 'Quuxinator Deluxe' WHERE product_id = $1", [product!.id])
    expect(await matches('quuxinator')).toEqual(['Quuxinator Deluxe'])
    await rows("UPDATE retail.categories SET name = 'Zorblax Goods' WHERE category_id = $1", [
      product!.category_id,
    ])
    const inCategory = await rows<{ n: number }>(
      'SELECT count(*)::int AS n FROM retail.products WHERE category_id = $1',
      [product!.category_id],
    )
    expect(await matches('zorblax')).toHaveLength(inCategory[0]!.n)
  })

  it('cannot be set by hand to anything else', async () => {
    await rows(
      "UPDATE retail.products SET search_document = to_tsvector('english', 'bogus') WHERE name = 'Quuxinator Deluxe'",
    )
    expect(await matches('bogus')).toEqual([])
    expect(await matches('quuxinator')).toEqual(['Quuxinator Deluxe'])
  })
})
