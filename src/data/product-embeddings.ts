import {
  ensureEmbeddingIndex,
  listProductsToEmbed,
  refreshSearchStatistics as refreshSearchStatisticsQuery,
  upsertProductEmbeddings,
} from '../../generated/embeddings.queries.ts'
import type { Db } from './db.ts'
import { toVectorLiteral } from './product-search.ts'

/** Admin work on the embeddings table: the embed command and the embedded server's indexer. */
async function onAdminConnection<T>(
  db: Db,
  fn: (conn: Awaited<ReturnType<Db['acquire']>>['connection']) => Promise<T>,
) {
  const lease = await db.acquire()
  try {
    return await fn(lease.connection)
  } finally {
    lease.release()
  }
}

/** Every product with the parts of its embedding text and the content hash of its vector of `model`. */
export function readProductsToEmbed(db: Db, model: string) {
  return onAdminConnection(db, (conn) => listProductsToEmbed.run({ model }, conn))
}

export interface EmbeddingRow {
  productId: string
  embedding: readonly number[]
  contentHash: string
}

/** Stores one batch of vectors of `model` in one statement (all or nothing), replacing older ones. */
export function upsertEmbeddings(
  db: Db,
  model: string,
  dimensions: number,
  rows: readonly EmbeddingRow[],
): Promise<void> {
  return onAdminConnection(db, async (conn) => {
    await upsertProductEmbeddings.run(
      {
        model,
        dimensions,
        productIds: rows.map((row) => row.productId),
        embeddings: rows.map((row) => toVectorLiteral(row.embedding)),
        contentHashes: rows.map((row) => row.contentHash),
      },
      conn,
    )
  })
}

export type IndexMethod = 'hnsw' | 'ivfflat'

/** HNSW build parameters. */
export interface HnswOptions {
  m: number
  efConstruction: number
}

/**
 * Twice pgvector's defaults: with m = 16, families of near-identical products become islands of
 * the graph and recall@10 collapses (0.44 against 0.97 at 100,000; sql/006_search_tuning.sql).
 */
export const DEFAULT_HNSW: HnswOptions = { m: 32, efConstruction: 128 }

/**
 * Builds the model's vector index unless one with these parameters exists, dropping the model's
 * other indexes; needs the owner or a superuser. Returns the index name.
 */
export function ensureVectorIndex(
  db: Db,
  model: string,
  dimensions: number,
  method: IndexMethod,
  hnsw: HnswOptions = DEFAULT_HNSW,
) {
  return onAdminConnection(
    db,
    async (conn) =>
      (await ensureEmbeddingIndex.run({ model, dimensions, method, ...hnsw }, conn))[0]!.indexName,
  )
}

/** Recounts the products holding each full-text word (what search calls informative). Owner only. */
export function refreshSearchStatistics(db: Db): Promise<void> {
  return onAdminConnection(db, async (conn) => {
    await refreshSearchStatisticsQuery.run(undefined, conn)
  })
}
