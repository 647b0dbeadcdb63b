/**
 * Search latency and HNSW recall at 2k, 20k and 100k products on a PostgreSQL server.
 *
 *   bun bench/search-latency.ts [--sizes 2000,20000,100000] [--random] [--repeat 3] [--hnsw-m 32]
 *
 * --hnsw-m sets m, and ef_construction to 4 m (the defaults: 32 and 128).
 *
 * The 2,000 products of the demo catalogue (scale 1, seed 42) are embedded for real with the
 * offline model (about 2 minutes). Larger catalogues are synthetic copies of them: same text, and a
 * vector that is the original's plus uniform noise, renormalised (cosine to the original ≈ 0.9),
 * so each real product gets ~50 close neighbours at 100k, a hard case for an approximate index.
 * With --random the copies get random unit vectors instead (the easy case: they are nearly
 * orthogonal to every question). Embedding 98,000 more texts for real would take about an hour.
 * The 2,000 real vectors are cached in ~/.cache/zava-mcp (ZAVA_BENCH_CACHE) for the next run.
 *
 * For each size it prints the HNSW build time, p50/p95 of the vector query, the text query and a
 * whole hybrid search (question embedding included), the same as a store manager with
 * in_stock_only, exact-scan latency, and recall@10 of HNSW against the exact scan for several
 * ef_search values (the questions of bench/search-eval.json). The server is chosen like the tests'
 * (ZAVA_DB_BACKEND, default auto: a local PostgreSQL here); PGlite is refused.
 */
import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { installSigningKey } from '../src/data/admin.ts'
import { createPostgresDb, type Db } from '../src/data/db.ts'
import { migrate } from '../src/data/migrations.ts'
import { DEFAULT_HNSW, ensureVectorIndex, upsertEmbeddings } from '../src/data/product-embeddings.ts'
import { searchByText, searchByVector, toVectorLiteral } from '../src/data/product-search.ts'
import { DEMO_USERS, seedDatabase } from '../src/data/seed/index.ts'
import { TenantSigner } from '../src/data/tenant-context.ts'
import { type Caller, resolveCaller, type TenantDb, withTenant } from '../src/data/with-tenant.ts'
import { LocalEmbedder } from '../src/infra/embeddings/local.ts'
import { provisionDatabase } from '../src/infra/provision/index.ts'
import { embedProducts } from '../src/service/product-embedding.ts'
import {
  DEFAULT_CANDIDATES,
  DEFAULT_EF_SEARCH,
  DEFAULT_MAX_WORD_SHARE,
  ProductSearchService,
} from '../src/service/product-search.ts'

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: {
    sizes: { type: 'string', default: '2000,20000,100000' },
    random: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '3' },
    'hnsw-m': { type: 'string', default: String(DEFAULT_HNSW.m) },
  },
})
const sizes = values.sizes.split(',').map(Number)
const repeat = Number(values.repeat)
const hnsw = {
  m: Number(values['hnsw-m']),
  efConstruction: 4 * Number(values['hnsw-m']),
}
const EF_SEARCH = [40, DEFAULT_EF_SEARCH, 200]
const NOISE = 0.08 // per dimension, uniform in ±0.04: cosine to the original ≈ 0.9 at 512 dimensions
const say = (line: string) => process.stderr.write(`${line}\n`)
const questions = (
  (await Bun.file(join(import.meta.dir, 'search-eval.json')).json()) as { queries: { query: string }[] }
).queries.map((q) => q.query)

const database = await provisionDatabase({ log: (line) => say(`[provision] ${line}`) })
if (database.pglite)
  throw new Error('This benchmark needs a PostgreSQL server: set ZAVA_DB_BACKEND=local or url.')
const dbName = new URL(database.url).pathname.slice(1)
const embedder = new LocalEmbedder()
let db: Db | undefined
try {
  const setup = createPostgresDb(database.url, { max: 1 })
  await adminExec(setup, `ALTER DATABASE "${dbName}" SET maintenance_work_mem = '1GB'`)
  await setup.close()
  db = createPostgresDb(database.url, { max: 4 })
  await migrate(db)
  const signer = TenantSigner.parse(TenantSigner.generateKey())
  await installSigningKey(db, signer)
  await seedDatabase(db, { scale: 1, seed: 42 })
  const cache = join(
    process.env.ZAVA_BENCH_CACHE ?? join(homedir(), '.cache', 'zava-mcp'),
    `search-vectors-${embedder.model}-scale1-seed42.json`,
  )
  if (await Bun.file(cache).exists()) {
    const cached = (await Bun.file(cache).json()) as {
      productId: string
      contentHash: string
      embedding: number[]
    }[]
    for (let i = 0; i < cached.length; i += 500) {
      await upsertEmbeddings(db, embedder.model, embedder.dimensions, cached.slice(i, i + 500))
    }
  }
  say(
    `Embedding the 2,000 demo products with ${embedder.model} (cached vectors of unchanged products are kept)...`,
  )
  const embedded = await embedProducts(db, embedder, { index: 'none' })
  if (embedded.embedded > 0) {
    const rows = await adminRows(
      db,
      'SELECT product_id::text AS "productId", content_hash AS "contentHash", embedding::text AS embedding FROM retail.product_description_embeddings',
    )
    mkdirSync(join(cache, '..'), { recursive: true })
    await Bun.write(cache, JSON.stringify(rows.map((r) => ({ ...r, embedding: JSON.parse(r.embedding) }))))
  }
  const tdb: TenantDb = {
    db,
    signer,
    timeouts: { statementMs: 60_000, lockMs: 2_000, idleInTransactionMs: 60_000 },
  }
  const headOffice = await resolveCaller(tdb, DEMO_USERS.headOffice.rlsUserId)
  const storeManager = await resolveCaller(tdb, DEMO_USERS.storeManager.rlsUserId)
  const service = new ProductSearchService(tdb, embedder)
  const vectors = await embedder.embed(questions)
  const embedTimes: number[] = []
  for (const q of questions) {
    const t = performance.now()
    await embedder.embed([q])
    embedTimes.push(performance.now() - t)
  }
  console.log(
    `\nServer: ${database.description}; ${questions.length} questions × ${repeat}; candidates ${DEFAULT_CANDIDATES} per list`,
  )
  console.log(
    `Question embedding (local model): p50 ${pct(embedTimes, 50)} ms, p95 ${pct(embedTimes, 95)} ms`,
  )
  console.log(
    `Copies: ${values.random ? 'random unit vectors' : `original vector + uniform noise ±${NOISE / 2}, renormalised`}`,
  )

  let products = 2000
  for (const size of sizes) {
    if (size > products) {
      await adminExec(db, `DROP INDEX IF EXISTS retail.${await indexName(db)}`)
      await addCopies(db, products, size, embedder.model, values.random)
      products = size
    }
    await adminExec(
      db,
      'ANALYZE retail.products; ANALYZE retail.product_description_embeddings; ANALYZE retail.inventory',
    )
    const built = performance.now()
    await ensureVectorIndex(db, embedder.model, embedder.dimensions, 'hnsw', hnsw)
    const buildMs = performance.now() - built

    const exactIds: string[][] = []
    const exactTimes: number[] = []
    for (const v of vectors) {
      const t = performance.now()
      exactIds.push(await exactTop10(db, embedder.model, v))
      exactTimes.push(performance.now() - t)
    }
    const recall: string[] = []
    for (const ef of EF_SEARCH) {
      let hits = 0
      for (const [i, v] of vectors.entries()) {
        const ann = await withTenant(tdb, headOffice, (tx) =>
          searchByVector(tx, {
            model: embedder.model,
            embedding: v,
            limit: 10,
            efSearch: ef,
            filters: { inStockOnly: false },
          }),
        )
        const exact = new Set(exactIds[i])
        hits += ann.filter((row) => exact.has(row.productId)).length
      }
      recall.push(`ef_search ${ef}: ${(hits / (10 * vectors.length)).toFixed(3)}`)
    }

    const vectorTimes = await timed(vectors, (v) =>
      withTenant(tdb, headOffice, (tx) =>
        searchByVector(tx, {
          model: embedder.model,
          embedding: v,
          limit: DEFAULT_CANDIDATES,
          efSearch: DEFAULT_EF_SEARCH,
          filters: { inStockOnly: false },
        }),
      ),
    )
    const textTimes = await timed(questions, (q) =>
      withTenant(tdb, headOffice, (tx) =>
        searchByText(tx, {
          query: q,
          limit: DEFAULT_CANDIDATES,
          maxWordShare: DEFAULT_MAX_WORD_SHARE,
          filters: { inStockOnly: false },
        }),
      ),
    )
    const hybrid = (caller: Caller, inStockOnly: boolean) =>
      timed(questions, (q) =>
        service.search(caller, { query: q, maxRows: 10, minSimilarity: 0.3, inStockOnly }),
      )
    const hybridTimes = await hybrid(headOffice, false)
    const inStockTimes = await hybrid(storeManager, true)

    console.log(
      `\n${size.toLocaleString('en-US')} products (HNSW m=${hnsw.m}, ef_construction=${hnsw.efConstruction}, built in ${(buildMs / 1000).toFixed(1)} s)`,
    )
    const row = (label: string, xs: number[]) =>
      console.log(
        `  ${label.padEnd(50)} p50 ${pct(xs, 50).padStart(7)} ms   p95 ${pct(xs, 95).padStart(7)} ms`,
      )
    row(`vector top-${DEFAULT_CANDIDATES} (HNSW, ef_search ${DEFAULT_EF_SEARCH})`, vectorTimes)
    row('vector top-10, exact scan (no index)', exactTimes)
    row(`text top-${DEFAULT_CANDIDATES} (GIN, ts_rank_cd)`, textTimes)
    row('hybrid search, head office (embed + both + RRF)', hybridTimes)
    row('hybrid, store manager, in_stock_only', inStockTimes)
    console.log(`  recall@10 of HNSW vs exact: ${recall.join(', ')}`)
  }
} finally {
  await embedder.close()
  await db?.close()
  await database.stop()
}

async function timed<T>(inputs: T[], run: (input: T) => Promise<unknown>): Promise<number[]> {
  for (const input of inputs.slice(0, 5)) await run(input) // warm-up
  const times: number[] = []
  for (let r = 0; r < repeat; r++) {
    for (const input of inputs) {
      const t = performance.now()
      await run(input)
      times.push(performance.now() - t)
    }
  }
  return times
}

function pct(xs: number[], p: number): string {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1)
}

async function adminExec(db: Db, sql: string): Promise<void> {
  const lease = await db.acquire()
  try {
    await lease.connection.exec(sql)
  } finally {
    lease.release()
  }
}

async function adminRows(db: Db, sql: string, params: unknown[] = []) {
  const lease = await db.acquire()
  try {
    return (await lease.connection.query(sql, params)).rows
  } finally {
    lease.release()
  }
}

async function indexName(db: Db): Promise<string> {
  const rows = await adminRows(
    db,
    "SELECT indexname FROM pg_indexes WHERE schemaname = 'retail' AND indexname LIKE 'pde\\_%' LIMIT 1",
  )
  return rows[0]?.indexname ?? 'none'
}

/**
 * Copies of the demo products (SKU suffix -S<n>) up to `to` products, with synthetic vectors; their
 * text, hence their content hash, is the original's.
 */
async function addCopies(db: Db, from: number, to: number, model: string, random: boolean): Promise<void> {
  const first = from / 2000
  const last = to / 2000 - 1
  const started = performance.now()
  await adminExec(
    db,
    `INSERT INTO retail.products (sku, name, brand, description, category_id, product_type_id, price, cost)
     SELECT p.sku || '-S' || g, p.name, p.brand, p.description, p.category_id, p.product_type_id, p.price, p.cost
     FROM retail.products p CROSS JOIN generate_series(${first}, ${last}) g
     WHERE p.sku NOT LIKE '%-S%'`,
  )
  // The correlated subquery (c.product_id) draws fresh noise for every row.
  const noise = (scale: number) =>
    `(SELECT array_agg((random() - 0.5) * ${scale})::vector FROM generate_series(1, 512) WHERE c.product_id IS NOT NULL)`
  await adminRows(
    db,
    `INSERT INTO retail.product_description_embeddings (product_id, model, dimensions, embedding, content_hash)
     SELECT c.product_id, $1, 512,
            l2_normalize(${random ? noise(1) : `e.embedding + ${noise(NOISE)}`}), e.content_hash
     FROM retail.products c
     JOIN retail.products o ON o.sku = split_part(c.sku, '-S', 1)
     JOIN retail.product_description_embeddings e ON e.product_id = o.product_id AND e.model = $1
     WHERE c.sku LIKE '%-S%'
       AND NOT EXISTS (SELECT 1 FROM retail.product_description_embeddings x WHERE x.product_id = c.product_id)`,
    [model],
  )
  say(`Added copies up to ${to} products in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
}

/** The exact top 10 by cosine distance: the untyped column matches no index, so this scans them all. */
async function exactTop10(db: Db, model: string, vector: number[]): Promise<string[]> {
  const rows = await adminRows(
    db,
    `SELECT product_id::text AS id FROM retail.product_description_embeddings
     WHERE model = $1 ORDER BY embedding <=> $2::vector, product_id LIMIT 10`,
    [model, toVectorLiteral(vector)],
  )
  return rows.map((r) => r.id as string)
}
