import { createHash } from 'node:crypto'
import { bumpDataVersion } from '../data/data-version.ts'
import type { Db } from '../data/db.ts'
import {
  DEFAULT_HNSW,
  ensureVectorIndex,
  type HnswOptions,
  type IndexMethod,
  readProductsToEmbed,
  refreshSearchStatistics,
  upsertEmbeddings,
} from '../data/product-embeddings.ts'
import type { Embedder } from '../infra/embeddings/embedder.ts'

/** What a product's vector is made from: name, type and category, description (brand is in the name). */
export interface EmbeddableProduct {
  name: string
  brand: string
  productType: string
  category: string
  description: string
}

/** Bump when `embeddingText` changes: every product's hash then differs and is re-embedded. */
const TEXT_VERSION = 'v1'

export function embeddingText(product: EmbeddableProduct): string {
  return `${product.name}. ${product.productType} (${product.category}). ${product.description}`
}

/** sha256 of the recipe version and the text: a product whose text is unchanged keeps its vector. */
export function contentHash(text: string): string {
  return createHash('sha256').update(`${TEXT_VERSION}\n${text}`).digest('hex')
}

export interface EmbedOptions {
  /** Re-embed every product, not only those whose text changed or that have no vector yet. */
  all?: boolean
  /** Products per upsert (default 64): what an interruption can lose. */
  batchSize?: number
  /** Index to ensure at the end (default hnsw); 'none' leaves indexes alone. */
  index?: IndexMethod | 'none'
  /** HNSW build parameters (default m 32, ef_construction 128). */
  hnsw?: HnswOptions
  signal?: AbortSignal
  onProgress?: (progress: EmbedProgress) => void
}

export interface EmbedProgress {
  phase: 'embedding' | 'indexing' | 'done'
  /** Products in the catalogue. */
  products: number
  /** Products this run embeds (changed or new, or all). */
  toEmbed: number
  /** Of those, already stored. */
  embedded: number
}

export interface EmbedReport {
  model: string
  dimensions: number
  products: number
  embedded: number
  /** Products whose vector was already current. */
  unchanged: number
  index: string | null
  elapsedMs: number
}

export const DEFAULT_EMBED_BATCH = 64
export const MAX_INDEXED_DIMENSIONS = 4000

/**
 * Embeds the catalogue with `embedder` on an admin connection: every product whose text changed
 * since its vector of this model was made (by content hash), or that has none; all with `all`.
 * Each batch is upserted as soon as it is embedded, so an interrupted run loses at most one batch
 * and the next run picks up where it stopped. Ends by ensuring the model's vector index and
 * recounting the full-text word statistics (retail.search_word_frequencies).
 */
export async function embedProducts(
  db: Db,
  embedder: Embedder,
  options: EmbedOptions = {},
): Promise<EmbedReport> {
  const started = performance.now()
  const batchSize = options.batchSize ?? DEFAULT_EMBED_BATCH
  const products = await readProductsToEmbed(db, embedder.model)
  const work = products
    .map((product) => {
      const text = embeddingText(product)
      return { productId: product.productId, text, hash: contentHash(text), stored: product.contentHash }
    })
    .filter((item) => options.all || item.hash !== item.stored)
  const progress: EmbedProgress = {
    phase: 'embedding',
    products: products.length,
    toEmbed: work.length,
    embedded: 0,
  }
  options.onProgress?.({ ...progress })
  for (let start = 0; start < work.length; start += batchSize) {
    options.signal?.throwIfAborted()
    const batch = work.slice(start, start + batchSize)
    const vectors = await embedder.embed(
      batch.map((item) => item.text),
      options.signal ? { signal: options.signal } : {},
    )
    await upsertEmbeddings(
      db,
      embedder.model,
      embedder.dimensions,
      batch.map((item, i) => ({ productId: item.productId, embedding: vectors[i]!, contentHash: item.hash })),
    )
    progress.embedded += batch.length
    options.onProgress?.({ ...progress })
  }
  // New vectors change search answers: cached ones (keyed by data version) must not be reused.
  if (work.length > 0) await bumpDataVersion(db, 'embed')
  let index: string | null = null
  const method = options.index ?? 'hnsw'
  // pgvector indexes up to 4,000 dimensions (as halfvec); longer vectors are searched exactly.
  if (method !== 'none' && products.length > 0 && embedder.dimensions <= MAX_INDEXED_DIMENSIONS) {
    options.signal?.throwIfAborted()
    options.onProgress?.({ ...progress, phase: 'indexing' })
    index = await ensureVectorIndex(
      db,
      embedder.model,
      embedder.dimensions,
      method,
      options.hnsw ?? DEFAULT_HNSW,
    )
  }
  await refreshSearchStatistics(db)
  options.onProgress?.({ ...progress, phase: 'done' })
  return {
    model: embedder.model,
    dimensions: embedder.dimensions,
    products: products.length,
    embedded: work.length,
    unchanged: products.length - work.length,
    index,
    elapsedMs: Math.round(performance.now() - started),
  }
}
