import type { Connection } from '../data/db.ts'
import {
  type ProductFilters,
  type ProductRow,
  readCategoryNames,
  readEmbeddingModels,
  searchByText,
  searchByVector,
} from '../data/product-search.ts'
import { type Caller, type TenantDb, withTenant } from '../data/with-tenant.ts'
import { EmbeddingModelMismatchError, ValidationError, ZavaError } from '../errors.ts'
import type { Embedder } from '../infra/embeddings/embedder.ts'
import type { Logger } from '../infra/log.ts'
import type { BackgroundEmbeddingState } from './background-embedding.ts'
import { reciprocalRankFusion } from './rank-fusion.ts'

export type VectorStatus = 'ready' | 'indexing' | 'unavailable'
export type MatchedBy = 'vector' | 'text' | 'both'
/** Which lists a search fuses: the tool always uses hybrid; the others exist for evaluation. */
export type SearchMode = 'hybrid' | 'vector' | 'text'

export interface ProductSearchArgs {
  query: string
  maxRows: number
  /** Vector matches below this cosine similarity are dropped (text matches are not). */
  minSimilarity: number
  category?: string
  minPrice?: number
  maxPrice?: number
  inStockOnly: boolean
}

export interface ProductHit {
  product_id: string
  name: string
  brand: string
  category: string
  product_type: string
  price: number
  /** Cosine similarity to the question; null when only full text matched. */
  similarity: number | null
  /** ts_rank_cd of the full-text match; null when only the vector matched. */
  text_rank: number | null
  matched_by: MatchedBy
  /** Reciprocal rank fusion score: what the results are sorted by. */
  score: number
}

export interface ProductSearchResult {
  query: string
  results: ProductHit[]
  vector_status: VectorStatus
  model: string
  note: string | null
}

/** Where the embedded server's background embedding is; absent on a server database. */
export interface EmbeddingProgress {
  readonly state: BackgroundEmbeddingState
  readonly progress: { embedded: number; toEmbed: number }
}

export interface ProductSearchOptions {
  background?: EmbeddingProgress
  log?: Logger
  /** Candidates each list contributes to the fusion (default 50). */
  candidates?: number
  /** HNSW ef_search (default 100; recall and latency per value: bench/search-latency.ts). */
  efSearch?: number
  /**
   * Full-text candidates come from the words at most this share of the products hold (default
   * 0.05): common words still rank, but alone they make no candidate (bench/search-quality.ts).
   */
  maxWordShare?: number
}

export const DEFAULT_CANDIDATES = 50
export const DEFAULT_EF_SEARCH = 100
export const DEFAULT_MAX_WORD_SHARE = 0.05

/**
 * Semantic product search: the question's vector against the catalogue's vectors of the same
 * model (HNSW, cosine) and PostgreSQL full text, fused by reciprocal rank. Both run in one
 * tenant transaction, so the in-stock filter sees only the caller's stores. Degrades to full text
 * alone, saying so in `vector_status` and `note`, while vectors are being computed or when the
 * embedder is unreachable; refuses (EMBEDDING_MODEL_MISMATCH) when the stored vectors were made by
 * another model, as their similarities would be meaningless.
 */
export class ProductSearchService {
  readonly #categories = new Map<string, string>()
  #modelChecked = false

  constructor(
    readonly tdb: TenantDb,
    readonly embedder: Embedder,
    readonly options: ProductSearchOptions = {},
  ) {}

  get model(): string {
    return this.embedder.model
  }

  async search(
    caller: Caller,
    args: ProductSearchArgs,
    mode: SearchMode = 'hybrid',
  ): Promise<ProductSearchResult> {
    const query = args.query.trim()
    if (query === '')
      throw new ValidationError('query_description is empty.', 'Describe the product you are looking for.')
    if (args.minPrice !== undefined && args.maxPrice !== undefined && args.minPrice > args.maxPrice) {
      throw new ValidationError(
        `min_price (${args.minPrice}) is above max_price (${args.maxPrice}).`,
        'Swap them, or leave one out.',
      )
    }
    const candidates = Math.max(args.maxRows, this.options.candidates ?? DEFAULT_CANDIDATES)
    let status: VectorStatus = 'ready'
    let note: string | null = null
    let embedding: number[] | undefined
    if (mode !== 'text') {
      const background = this.options.background
      if (background?.state === 'running') {
        const { embedded, toEmbed } = background.progress
        status = 'indexing'
        note =
          `Product vectors are being computed (${embedded} of ${toEmbed} done): these are full-text matches only. ` +
          'Semantic matching starts when that finishes; ask again later for better matches of loosely worded questions.'
      } else {
        try {
          embedding = (await this.embedder.embed([query]))[0]
        } catch (err) {
          this.options.log?.warn({ err }, 'embedding the question failed: answering from full text only')
          status = 'unavailable'
          // A ZavaError's message is written to be shown; anything else stays in the log.
          const reason = err instanceof ZavaError ? ` (${err.message})` : ''
          note = `Semantic matching is unavailable right now${reason}: these are full-text matches only.`
        }
      }
    }

    const found = await withTenant(this.tdb, caller, async (tx) => {
      const category = args.category === undefined ? undefined : await this.#categoryName(tx, args.category)
      const filters: ProductFilters = {
        category,
        minPrice: args.minPrice,
        maxPrice: args.maxPrice,
        inStockOnly: args.inStockOnly,
      }
      if (embedding && !this.#modelChecked && !(await this.#hasVectorsOfModel(tx))) {
        embedding = undefined
        status = 'unavailable'
        note =
          `No product has a vector of the model ${this.model} yet: these are full-text matches only. ` +
          'Semantic matching needs an operator to run `zava-mcp embed`.'
      }
      const vector = embedding
        ? await searchByVector(tx, {
            model: this.model,
            embedding,
            limit: candidates,
            efSearch: this.options.efSearch ?? DEFAULT_EF_SEARCH,
            filters,
          })
        : []
      const text =
        mode === 'vector'
          ? []
          : await searchByText(tx, {
              query,
              limit: candidates,
              maxWordShare: this.options.maxWordShare ?? DEFAULT_MAX_WORD_SHARE,
              filters,
            })
      return { vector, text }
    })
    if (mode === 'vector' && status !== 'ready') {
      return { query, results: [], vector_status: status, model: this.model, note }
    }

    const vector = found.vector.filter((row) => row.similarity >= args.minSimilarity)
    const rows = new Map<string, ProductRow>()
    for (const row of [...vector, ...found.text]) rows.set(row.productId, row)
    const similarity = new Map(vector.map((row) => [row.productId, row.similarity]))
    const textRank = new Map(found.text.map((row) => [row.productId, row.textRank]))
    // Three rankings: by meaning, by words (ts_rank_cd), and the products holding every word
    // (websearch_to_tsquery), a precise signal that earns a second vote: it lifts exact matches of
    // lexical questions ("1/2in drive socket set") above near neighbours in meaning, and barely
    // touches loosely worded ones, which rarely match every word. On bench/search-eval.json it
    // raised hybrid MRR@10 from 0.727 to 0.773 (before informative-word candidates).
    const fused = reciprocalRankFusion([
      vector.map((row) => row.productId),
      found.text.map((row) => row.productId),
      found.text.filter((row) => row.allWords).map((row) => row.productId),
    ])
    const results = fused.slice(0, args.maxRows).map(({ id, score, ranks }): ProductHit => {
      const row = rows.get(id)!
      const byVector = ranks[0] !== null
      const byText = ranks[1] !== null
      return {
        product_id: id,
        name: row.name,
        brand: row.brand,
        category: row.category,
        product_type: row.productType,
        price: row.price,
        similarity: byVector ? round(similarity.get(id)!) : null,
        text_rank: byText ? round(textRank.get(id)!) : null,
        matched_by: byVector && byText ? 'both' : byVector ? 'vector' : 'text',
        score: round(score, 6),
      }
    })
    if (results.length === 0 && note === null) {
      note = 'Nothing matched: try other words, a lower min_similarity, or fewer filters.'
    }
    return { query, results, vector_status: status, model: this.model, note }
  }

  /** The category's own spelling, or a VALIDATION_ERROR listing the categories. */
  async #categoryName(tx: Connection, category: string): Promise<string> {
    if (this.#categories.size === 0) {
      for (const name of await readCategoryNames(tx)) this.#categories.set(name.toLowerCase(), name)
    }
    const name = this.#categories.get(category.trim().toLowerCase())
    if (name === undefined) {
      throw new ValidationError(
        `There is no category named ${JSON.stringify(category)}.`,
        `Use one of: ${[...this.#categories.values()].join(', ')}; or leave category out.`,
      )
    }
    return name
  }

  /**
   * Whether the catalogue has vectors of the configured model; throws when it has only vectors of
   * another model. Checked until it first holds (then vectors of the model exist for good).
   */
  async #hasVectorsOfModel(tx: Connection): Promise<boolean> {
    const models = await readEmbeddingModels(tx)
    const ours = models.filter((m) => m.model === this.model)
    const wrongDimensions = ours.find((m) => m.dimensions !== this.embedder.dimensions)
    if (wrongDimensions || (ours.length === 0 && models.length > 0)) {
      const stored = models
        .filter((m) => m.model !== this.model || m.dimensions !== this.embedder.dimensions)
        .map((m) => `${m.model} (${m.dimensions} dimensions, ${m.vectors} products)`)
        .join(', ')
      throw new EmbeddingModelMismatchError(
        `The product vectors were made by another embedding model: ${stored}. This server embeds questions with ` +
          `${this.model} (${this.embedder.dimensions} dimensions), and vectors of different models cannot be compared.`,
        'Semantic search is unavailable until an operator runs `zava-mcp embed` with the same EMBEDDINGS_PROVIDER ' +
          'settings as the server (or configures the server with the model the vectors were made by). Until then, ' +
          'look products up with execute_sales_query.',
      )
    }
    this.#modelChecked = ours.length > 0
    return this.#modelChecked
  }
}

function round(value: number, digits = 4): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
