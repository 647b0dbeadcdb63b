/** Types generated for queries found in "queries/embeddings.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type stringArray = (string)[];

/** 'ListProductsToEmbed' parameters type */
export interface IListProductsToEmbedParams {
  model: string;
}

/** 'ListProductsToEmbed' return type */
export interface IListProductsToEmbedResult {
  brand: string;
  category: string;
  contentHash: string | null;
  description: string;
  name: string;
  productId: string;
  productType: string;
}

/** 'ListProductsToEmbed' query type */
export interface IListProductsToEmbedQuery {
  params: IListProductsToEmbedParams;
  result: IListProductsToEmbedResult;
}

const listProductsToEmbedIR: any = {"usedParamSet":{"model":true},"params":[{"name":"model","required":true,"transform":{"type":"scalar"},"locs":[{"a":631,"b":637}]}],"statement":"-- Every product with what its embedding text is made of, and the hash of the text its vector of\n-- the model was made from (NULL: no vector of that model yet). Run by the admin connection.\nSELECT\n  p.product_id AS \"productId!\", p.name AS \"name!\", p.brand AS \"brand!\", t.name AS \"productType!\",\n  c.name AS \"category!\", p.description AS \"description!\", e.content_hash AS \"contentHash?\"\nFROM retail.products p\nJOIN retail.categories c ON c.category_id = p.category_id\nJOIN retail.product_types t ON t.product_type_id = p.product_type_id\nLEFT JOIN retail.product_description_embeddings e ON e.product_id = p.product_id AND e.model = :model!\nORDER BY p.product_id"};

/**
 * Query generated from SQL:
 * ```
 * -- Every product with what its embedding text is made of, and the hash of the text its vector of
 * -- the model was made from (NULL: no vector of that model yet). Run by the admin connection.
 * SELECT
 *   p.product_id AS "productId!", p.name AS "name!", p.brand AS "brand!", t.name AS "productType!",
 *   c.name AS "category!", p.description AS "description!", e.content_hash AS "contentHash?"
 * FROM retail.products p
 * JOIN retail.categories c ON c.category_id = p.category_id
 * JOIN retail.product_types t ON t.product_type_id = p.product_type_id
 * LEFT JOIN retail.product_description_embeddings e ON e.product_id = p.product_id AND e.model = :model!
 * ORDER BY p.product_id
 * ```
 */
export const listProductsToEmbed = new PreparedQuery<IListProductsToEmbedParams,IListProductsToEmbedResult>(listProductsToEmbedIR);


/** 'UpsertProductEmbeddings' parameters type */
export interface IUpsertProductEmbeddingsParams {
  contentHashes: stringArray;
  dimensions: number;
  embeddings: stringArray;
  model: string;
  productIds: stringArray;
}

/** 'UpsertProductEmbeddings' return type */
export type IUpsertProductEmbeddingsResult = void;

/** 'UpsertProductEmbeddings' query type */
export interface IUpsertProductEmbeddingsQuery {
  params: IUpsertProductEmbeddingsParams;
  result: IUpsertProductEmbeddingsResult;
}

const upsertProductEmbeddingsIR: any = {"usedParamSet":{"model":true,"dimensions":true,"productIds":true,"embeddings":true,"contentHashes":true},"params":[{"name":"model","required":true,"transform":{"type":"scalar"},"locs":[{"a":297,"b":303}]},{"name":"dimensions","required":true,"transform":{"type":"scalar"},"locs":[{"a":306,"b":317}]},{"name":"productIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":368,"b":379}]},{"name":"embeddings","required":true,"transform":{"type":"scalar"},"locs":[{"a":390,"b":401}]},{"name":"contentHashes","required":true,"transform":{"type":"scalar"},"locs":[{"a":412,"b":426}]}],"statement":"-- One batch of vectors of one model, all or nothing; a product's earlier vector of that model is\n-- replaced. Vectors travel as pgvector's text form ('[0.1,0.2,...]').\nINSERT INTO retail.product_description_embeddings (product_id, model, dimensions, embedding, content_hash)\nSELECT u.product_id, :model!, :dimensions!, u.embedding::vector, u.content_hash\nFROM unnest(:productIds!::uuid[], :embeddings!::text[], :contentHashes!::text[]) AS u(product_id, embedding, content_hash)\nON CONFLICT (product_id, model) DO UPDATE\nSET dimensions = EXCLUDED.dimensions, embedding = EXCLUDED.embedding, content_hash = EXCLUDED.content_hash"};

/**
 * Query generated from SQL:
 * ```
 * -- One batch of vectors of one model, all or nothing; a product's earlier vector of that model is
 * -- replaced. Vectors travel as pgvector's text form ('[0.1,0.2,...]').
 * INSERT INTO retail.product_description_embeddings (product_id, model, dimensions, embedding, content_hash)
 * SELECT u.product_id, :model!, :dimensions!, u.embedding::vector, u.content_hash
 * FROM unnest(:productIds!::uuid[], :embeddings!::text[], :contentHashes!::text[]) AS u(product_id, embedding, content_hash)
 * ON CONFLICT (product_id, model) DO UPDATE
 * SET dimensions = EXCLUDED.dimensions, embedding = EXCLUDED.embedding, content_hash = EXCLUDED.content_hash
 * ```
 */
export const upsertProductEmbeddings = new PreparedQuery<IUpsertProductEmbeddingsParams,IUpsertProductEmbeddingsResult>(upsertProductEmbeddingsIR);


/** 'EnsureEmbeddingIndex' parameters type */
export interface IEnsureEmbeddingIndexParams {
  dimensions: number;
  efConstruction: number;
  m: number;
  method: string;
  model: string;
}

/** 'EnsureEmbeddingIndex' return type */
export interface IEnsureEmbeddingIndexResult {
  indexName: string;
}

/** 'EnsureEmbeddingIndex' query type */
export interface IEnsureEmbeddingIndexQuery {
  params: IEnsureEmbeddingIndexParams;
  result: IEnsureEmbeddingIndexResult;
}

const ensureEmbeddingIndexIR: any = {"usedParamSet":{"model":true,"dimensions":true,"method":true,"m":true,"efConstruction":true},"params":[{"name":"model","required":true,"transform":{"type":"scalar"},"locs":[{"a":134,"b":140}]},{"name":"dimensions","required":true,"transform":{"type":"scalar"},"locs":[{"a":143,"b":154}]},{"name":"method","required":true,"transform":{"type":"scalar"},"locs":[{"a":157,"b":164}]},{"name":"m","required":true,"transform":{"type":"scalar"},"locs":[{"a":167,"b":169}]},{"name":"efConstruction","required":true,"transform":{"type":"scalar"},"locs":[{"a":172,"b":187}]}],"statement":"-- Builds the model's vector index unless it exists (see sql/006_search_tuning.sql). Owner only.\nSELECT retail.ensure_embedding_index(:model!, :dimensions!, :method!, :m!, :efConstruction!) AS \"indexName!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Builds the model's vector index unless it exists (see sql/006_search_tuning.sql). Owner only.
 * SELECT retail.ensure_embedding_index(:model!, :dimensions!, :method!, :m!, :efConstruction!) AS "indexName!"
 * ```
 */
export const ensureEmbeddingIndex = new PreparedQuery<IEnsureEmbeddingIndexParams,IEnsureEmbeddingIndexResult>(ensureEmbeddingIndexIR);


/** 'RefreshSearchStatistics' parameters type */
export type IRefreshSearchStatisticsParams = void;

/** 'RefreshSearchStatistics' return type */
export interface IRefreshSearchStatisticsResult {
  refreshed: undefined | null;
}

/** 'RefreshSearchStatistics' query type */
export interface IRefreshSearchStatisticsQuery {
  params: IRefreshSearchStatisticsParams;
  result: IRefreshSearchStatisticsResult;
}

const refreshSearchStatisticsIR: any = {"usedParamSet":{},"params":[],"statement":"-- Recounts the products holding each full-text word (retail.search_word_frequencies). Owner only.\nSELECT retail.refresh_search_statistics() AS refreshed"};

/**
 * Query generated from SQL:
 * ```
 * -- Recounts the products holding each full-text word (retail.search_word_frequencies). Owner only.
 * SELECT retail.refresh_search_statistics() AS refreshed
 * ```
 */
export const refreshSearchStatistics = new PreparedQuery<IRefreshSearchStatisticsParams,IRefreshSearchStatisticsResult>(refreshSearchStatisticsIR);


