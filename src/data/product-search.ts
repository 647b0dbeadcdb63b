import {
  getEmbeddingModels,
  listSearchCategories,
  searchProductsByText,
  searchProductsByVector,
} from '../../generated/search.queries.ts'
import type { Connection } from './db.ts'

/** Filters both searches apply; unset ones do not filter. */
export interface ProductFilters {
  /** A category name, matched case-insensitively. */
  category?: string
  minPrice?: number
  maxPrice?: number
  /** In stock (quantity > 0) at a store the tenant may see: row level security decides which. */
  inStockOnly: boolean
}

/** A product as both searches return it; price in dollars. */
export interface ProductRow {
  productId: string
  name: string
  brand: string
  category: string
  productType: string
  price: number
}

const filterParams = (filters: ProductFilters) => ({
  category: filters.category ?? null,
  minPrice: filters.minPrice ?? null,
  maxPrice: filters.maxPrice ?? null,
  inStockOnly: filters.inStockOnly,
})

/**
 * The `limit` products nearest to `embedding` among the vectors of `model`, nearest first.
 * Run inside `withTenant`: the in-stock filter reads inventory under RLS.
 */
export async function searchByVector(
  tx: Connection,
  params: {
    model: string
    embedding: readonly number[]
    limit: number
    efSearch: number
    filters: ProductFilters
  },
): Promise<(ProductRow & { similarity: number })[]> {
  const rows = await searchProductsByVector.run(
    {
      model: params.model,
      embedding: toVectorLiteral(params.embedding),
      maxRows: params.limit,
      efSearch: params.efSearch,
      ...filterParams(params.filters),
    },
    tx,
  )
  return rows.map((row) => ({ ...row, price: Number(row.price) }))
}

/**
 * The `limit` best full-text matches of `query`, best first; candidates hold every word or one of
 * the words at most `maxWordShare` of the products hold. Run inside `withTenant`.
 */
export async function searchByText(
  tx: Connection,
  params: { query: string; limit: number; maxWordShare: number; filters: ProductFilters },
): Promise<(ProductRow & { textRank: number; allWords: boolean })[]> {
  const rows = await searchProductsByText.run(
    {
      query: params.query,
      maxRows: params.limit,
      maxWordShare: params.maxWordShare,
      ...filterParams(params.filters),
    },
    tx,
  )
  return rows.map((row) => ({ ...row, price: Number(row.price) }))
}

/** Models that have vectors stored, most vectors first. */
export function readEmbeddingModels(tx: Connection) {
  return getEmbeddingModels.run(undefined, tx)
}

export async function readCategoryNames(tx: Connection): Promise<string[]> {
  return (await listSearchCategories.run(undefined, tx)).map((row) => row.name)
}

/**
 * pgvector's text form of a vector. Nine significant digits round-trip a float4, which is what
 * pgvector stores, in about half the characters of a double.
 */
export function toVectorLiteral(vector: readonly number[]): string {
  return `[${vector.map((value) => Number(value.toPrecision(9))).join(',')}]`
}
