import {
  ensureEmbeddingIndex,
  listProductsToEmbed,
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

/** Builds the model's vector index unless it exists; needs the owner or a superuser. */
export function ensureVectorIndex(db: Db, model: string, dimensions: number, method: IndexMethod) {
  return onAdminConnection(
    db,
    async (conn) => (await ensureEmbeddingIndex.run({ model, dimensions, method }, conn))[0]!.indexName,
  )
}
