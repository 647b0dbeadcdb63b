/**
 * Search quality on the labelled questions of bench/search-eval.json: MRR@10 and recall@10 of
 * vector-only, text-only and hybrid (reciprocal rank fusion) search, overall and per kind of
 * question, with the offline model (Universal Sentence Encoder lite). Seeds the demo catalogue at
 * scale 1 (seed 42) into a fresh server database, embeds it (about 1.5 minutes on 2 cores), then asks.
 *
 *   bun bench/search-quality.ts [--verbose] [--candidates N] [--database-url URL]
 *
 * recall@10 = relevant products in the top 10 / min(relevant products, 10), so a question with
 * 28 right answers can still reach 1. MRR@10 = mean of 1 / rank of the first right answer (0 if
 * none in the top 10). The server is chosen like the tests' (ZAVA_DB_BACKEND, default auto);
 * --database-url uses an existing database instead (a superuser URL; seeded and embedded only
 * where needed, so a second run starts at once).
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { installSigningKey } from '../src/data/admin.ts'
import { createPgliteDb, createPostgresDb, type Db } from '../src/data/db.ts'
import { migrate } from '../src/data/migrations.ts'
import { DEMO_USERS, seedDatabase } from '../src/data/seed/index.ts'
import { TenantSigner } from '../src/data/tenant-context.ts'
import { resolveCaller, type TenantDb } from '../src/data/with-tenant.ts'
import { LocalEmbedder } from '../src/infra/embeddings/local.ts'
import { provisionDatabase } from '../src/infra/provision/index.ts'
import { embedProducts } from '../src/service/product-embedding.ts'
import { ProductSearchService, type SearchMode } from '../src/service/product-search.ts'

interface EvalQuery {
  id: string
  kind: 'lexical' | 'semantic' | 'mixed'
  query: string
  relevant: { id: string; name: string }[]
}
interface EvalFile {
  catalogue: { seed: number; scale: number; products: number }
  queries: EvalQuery[]
}

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: {
    verbose: { type: 'boolean', default: false },
    candidates: { type: 'string' },
    'database-url': { type: 'string' },
  },
})
const K = 10
const MODES: SearchMode[] = ['vector', 'text', 'hybrid']
const evalSet = (await Bun.file(join(import.meta.dir, 'search-eval.json')).json()) as EvalFile
const say = (line: string) => process.stderr.write(`${line}\n`)

const url = values['database-url']
const database = url
  ? { url, description: 'the given database', pglite: undefined, stop: async () => {} }
  : await provisionDatabase({ log: (line) => say(`[provision] ${line}`) })
const db: Db = database.pglite
  ? createPgliteDb(database.pglite, { closeOnEnd: false })
  : createPostgresDb(database.url, { max: 2 })
const embedder = new LocalEmbedder()
try {
  await migrate(db)
  const signer = TenantSigner.parse(TenantSigner.generateKey())
  await installSigningKey(db, signer)
  const { scale, seed, products } = evalSet.catalogue
  const lease = await db.acquire()
  const [{ stores }] = (await lease.connection.query('SELECT count(*)::int AS stores FROM retail.stores'))
    .rows
  if (stores === 0) {
    await seedDatabase(db, { scale, seed })
    say(
      `Seeded the catalogue (scale ${scale}, seed ${seed}, ${products} products) on ${database.description}.`,
    )
  }
  const known = new Set(
    (await lease.connection.query('SELECT product_id::text AS id FROM retail.products')).rows.map(
      (r) => r.id as string,
    ),
  )
  lease.release()
  const missing = evalSet.queries.flatMap((q) => q.relevant).filter((r) => !known.has(r.id))
  if (missing.length > 0)
    throw new Error(`${missing.length} expected products are not in the catalogue: rebuild the eval set`)

  const report = await embedProducts(db, embedder, {
    onProgress: (p) =>
      p.embedded % 512 === 0 && p.embedded > 0 && say(`  embedded ${p.embedded}/${p.toEmbed}`),
  })
  say(
    `Embedded ${report.embedded} products with ${report.model} in ${(report.elapsedMs / 1000).toFixed(0)} s.`,
  )

  const tdb: TenantDb = {
    db,
    signer,
    timeouts: { statementMs: 30_000, lockMs: 2_000, idleInTransactionMs: 60_000 },
  }
  const caller = await resolveCaller(tdb, DEMO_USERS.headOffice.rlsUserId)
  const service = new ProductSearchService(tdb, embedder, {
    ...(values.candidates ? { candidates: Number(values.candidates) } : {}),
  })

  type Score = { rr: number; recall: number; firstRank: number | null }
  const scores = new Map<SearchMode, Map<string, Score>>()
  for (const mode of MODES) {
    const byQuery = new Map<string, Score>()
    for (const q of evalSet.queries) {
      const result = await service.search(
        caller,
        { query: q.query, maxRows: K, minSimilarity: 0.3, inStockOnly: false },
        mode,
      )
      const relevant = new Set(q.relevant.map((r) => r.id))
      const ranks = result.results
        .map((hit, i) => (relevant.has(hit.product_id) ? i + 1 : 0))
        .filter((r) => r > 0)
      const firstRank = ranks[0] ?? null
      byQuery.set(q.id, {
        rr: firstRank === null ? 0 : 1 / firstRank,
        recall: ranks.length / Math.min(relevant.size, K),
        firstRank,
      })
    }
    scores.set(mode, byQuery)
  }

  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length)
  const kinds = ['lexical', 'semantic', 'mixed'] as const
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(8) : c.padStart(i < 3 ? 11 : 20))).join('')
  console.log(
    `\nSearch quality: ${evalSet.queries.length} questions, top ${K}, min_similarity 0.3, model ${embedder.model}`,
  )
  console.log(
    line([
      'mode',
      'MRR@10',
      'recall@10',
      ...kinds.map((k) => `MRR ${k} (${evalSet.queries.filter((q) => q.kind === k).length})`),
    ]),
  )
  for (const mode of MODES) {
    const byQuery = scores.get(mode)!
    const of = (kind?: string) =>
      evalSet.queries.filter((q) => kind === undefined || q.kind === kind).map((q) => byQuery.get(q.id)!)
    console.log(
      line([
        mode,
        mean(of().map((s) => s.rr)).toFixed(3),
        mean(of().map((s) => s.recall)).toFixed(3),
        ...kinds.map((k) => mean(of(k).map((s) => s.rr)).toFixed(3)),
      ]),
    )
  }
  console.log(line(['', '', '', ...kinds.map((k) => `recall ${k}`)]))
  for (const mode of MODES) {
    const byQuery = scores.get(mode)!
    console.log(
      line([
        mode,
        '',
        '',
        ...kinds.map((k) =>
          mean(evalSet.queries.filter((q) => q.kind === k).map((q) => byQuery.get(q.id)!.recall)).toFixed(3),
        ),
      ]),
    )
  }
  if (values.verbose) {
    console.log('\nFirst relevant rank per question (vector / text / hybrid; - = not in the top 10):')
    for (const q of evalSet.queries) {
      const cells = MODES.map((mode) => String(scores.get(mode)!.get(q.id)!.firstRank ?? '-').padStart(3))
      console.log(`${q.id} ${q.kind.padEnd(8)} ${cells.join(' ')}  ${q.query}`)
    }
  }
} finally {
  await embedder.close()
  await db.close()
  await database.stop()
}
