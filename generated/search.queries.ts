/** Types generated for queries found in "queries/search.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type NumberOrString = number | string;

/** 'SearchProductsByVector' parameters type */
export interface ISearchProductsByVectorParams {
  category?: string | null | void;
  efSearch: number;
  embedding: string;
  inStockOnly: boolean;
  maxPrice?: NumberOrString | null | void;
  maxRows: number;
  minPrice?: NumberOrString | null | void;
  model: string;
}

/** 'SearchProductsByVector' return type */
export interface ISearchProductsByVectorResult {
  brand: string;
  category: string;
  name: string;
  price: string;
  productId: string;
  productType: string;
  similarity: number;
}

/** 'SearchProductsByVector' query type */
export interface ISearchProductsByVectorQuery {
  params: ISearchProductsByVectorParams;
  result: ISearchProductsByVectorResult;
}

const searchProductsByVectorIR: any = {"usedParamSet":{"model":true,"embedding":true,"maxRows":true,"category":true,"minPrice":true,"maxPrice":true,"inStockOnly":true,"efSearch":true},"params":[{"name":"model","required":true,"transform":{"type":"scalar"},"locs":[{"a":511,"b":517}]},{"name":"embedding","required":true,"transform":{"type":"scalar"},"locs":[{"a":520,"b":530}]},{"name":"maxRows","required":true,"transform":{"type":"scalar"},"locs":[{"a":541,"b":549}]},{"name":"category","required":false,"transform":{"type":"scalar"},"locs":[{"a":552,"b":560}]},{"name":"minPrice","required":false,"transform":{"type":"scalar"},"locs":[{"a":563,"b":571}]},{"name":"maxPrice","required":false,"transform":{"type":"scalar"},"locs":[{"a":574,"b":582}]},{"name":"inStockOnly","required":true,"transform":{"type":"scalar"},"locs":[{"a":585,"b":597}]},{"name":"efSearch","required":true,"transform":{"type":"scalar"},"locs":[{"a":600,"b":609}]}],"statement":"-- The products nearest to the question's vector among the vectors of one model, with the filters\n-- applied inside the index scan (see retail.search_product_vectors: the dimension of the indexed\n-- expression cannot be a parameter). Runs as the tenant: in stock means at a store it may see.\nSELECT\n  v.product_id AS \"productId!\", v.similarity AS \"similarity!\",\n  p.name AS \"name!\", p.brand AS \"brand!\", c.name AS \"category!\", t.name AS \"productType!\", p.price AS \"price!\"\nFROM retail.search_product_vectors(\n  :model!, :embedding!::vector, :maxRows!, :category, :minPrice, :maxPrice, :inStockOnly!, :efSearch!\n) v\nJOIN retail.products p ON p.product_id = v.product_id\nJOIN retail.categories c ON c.category_id = p.category_id\nJOIN retail.product_types t ON t.product_type_id = p.product_type_id\nORDER BY v.similarity DESC, v.product_id"};

/**
 * Query generated from SQL:
 * ```
 * -- The products nearest to the question's vector among the vectors of one model, with the filters
 * -- applied inside the index scan (see retail.search_product_vectors: the dimension of the indexed
 * -- expression cannot be a parameter). Runs as the tenant: in stock means at a store it may see.
 * SELECT
 *   v.product_id AS "productId!", v.similarity AS "similarity!",
 *   p.name AS "name!", p.brand AS "brand!", c.name AS "category!", t.name AS "productType!", p.price AS "price!"
 * FROM retail.search_product_vectors(
 *   :model!, :embedding!::vector, :maxRows!, :category, :minPrice, :maxPrice, :inStockOnly!, :efSearch!
 * ) v
 * JOIN retail.products p ON p.product_id = v.product_id
 * JOIN retail.categories c ON c.category_id = p.category_id
 * JOIN retail.product_types t ON t.product_type_id = p.product_type_id
 * ORDER BY v.similarity DESC, v.product_id
 * ```
 */
export const searchProductsByVector = new PreparedQuery<ISearchProductsByVectorParams,ISearchProductsByVectorResult>(searchProductsByVectorIR);


/** 'SearchProductsByText' parameters type */
export interface ISearchProductsByTextParams {
  category?: string | null | void;
  inStockOnly: boolean;
  maxPrice?: NumberOrString | null | void;
  maxRows: number;
  maxWordShare: number;
  minPrice?: NumberOrString | null | void;
  query: string;
}

/** 'SearchProductsByText' return type */
export interface ISearchProductsByTextResult {
  allWords: boolean;
  brand: string;
  category: string;
  name: string;
  price: string;
  productId: string;
  productType: string;
  textRank: number;
}

/** 'SearchProductsByText' query type */
export interface ISearchProductsByTextQuery {
  params: ISearchProductsByTextParams;
  result: ISearchProductsByTextResult;
}

const searchProductsByTextIR: any = {"usedParamSet":{"query":true,"maxWordShare":true,"category":true,"minPrice":true,"maxPrice":true,"inStockOnly":true,"maxRows":true},"params":[{"name":"query","required":true,"transform":{"type":"scalar"},"locs":[{"a":697,"b":703},{"a":789,"b":795},{"a":1038,"b":1044},{"a":1088,"b":1094},{"a":1137,"b":1143},{"a":1589,"b":1595},{"a":1660,"b":1666}]},{"name":"maxWordShare","required":true,"transform":{"type":"scalar"},"locs":[{"a":1047,"b":1060}]},{"name":"category","required":false,"transform":{"type":"scalar"},"locs":[{"a":1172,"b":1180},{"a":1221,"b":1229}]},{"name":"minPrice","required":false,"transform":{"type":"scalar"},"locs":[{"a":1246,"b":1254},{"a":1287,"b":1295}]},{"name":"maxPrice","required":false,"transform":{"type":"scalar"},"locs":[{"a":1314,"b":1322},{"a":1355,"b":1363}]},{"name":"inStockOnly","required":true,"transform":{"type":"scalar"},"locs":[{"a":1386,"b":1398}]},{"name":"maxRows","required":true,"transform":{"type":"scalar"},"locs":[{"a":1700,"b":1708}]}],"statement":"-- Candidates: products holding every word of the question (websearch_to_tsquery: quotes, \"or\"\n-- and -word work as on a search engine) or one of its informative words (held by at most\n-- maxWordShare of the products; any word when none is). Those holding every word come first,\n-- then by ts_rank_cd over all the words (cover density, weighted: name, type and brand, category,\n-- description; divided by 1 + log(document length)). Same filters as the vector search; runs as\n-- the tenant.\nSELECT\n  p.product_id AS \"productId!\", p.name AS \"name!\", p.brand AS \"brand!\", c.name AS \"category!\",\n  t.name AS \"productType!\", p.price AS \"price!\",\n  ts_rank_cd(p.search_document, retail.any_word_tsquery(:query!), 1)::float8 AS \"textRank!\",\n  p.search_document @@ websearch_to_tsquery('english', :query!) AS \"allWords!\"\nFROM retail.products p\nJOIN retail.categories c ON c.category_id = p.category_id\nJOIN retail.product_types t ON t.product_type_id = p.product_type_id\nWHERE p.search_document @@ (\n    coalesce(retail.informative_words_tsquery(:query!, :maxWordShare!), retail.any_word_tsquery(:query!))\n    || websearch_to_tsquery('english', :query!))\n  AND p.is_active\n  AND (:category::text IS NULL OR lower(c.name) = lower(:category::text))\n  AND (:minPrice::numeric IS NULL OR p.price >= :minPrice::numeric)\n  AND (:maxPrice::numeric IS NULL OR p.price <= :maxPrice::numeric)\n  AND (NOT :inStockOnly!::boolean OR EXISTS (\n        SELECT 1 FROM retail.inventory i WHERE i.product_id = p.product_id AND i.quantity_on_hand > 0))\nORDER BY\n  p.search_document @@ websearch_to_tsquery('english', :query!) DESC,\n  ts_rank_cd(p.search_document, retail.any_word_tsquery(:query!), 1) DESC,\n  p.product_id\nLIMIT :maxRows!"};

/**
 * Query generated from SQL:
 * ```
 * -- Candidates: products holding every word of the question (websearch_to_tsquery: quotes, "or"
 * -- and -word work as on a search engine) or one of its informative words (held by at most
 * -- maxWordShare of the products; any word when none is). Those holding every word come first,
 * -- then by ts_rank_cd over all the words (cover density, weighted: name, type and brand, category,
 * -- description; divided by 1 + log(document length)). Same filters as the vector search; runs as
 * -- the tenant.
 * SELECT
 *   p.product_id AS "productId!", p.name AS "name!", p.brand AS "brand!", c.name AS "category!",
 *   t.name AS "productType!", p.price AS "price!",
 *   ts_rank_cd(p.search_document, retail.any_word_tsquery(:query!), 1)::float8 AS "textRank!",
 *   p.search_document @@ websearch_to_tsquery('english', :query!) AS "allWords!"
 * FROM retail.products p
 * JOIN retail.categories c ON c.category_id = p.category_id
 * JOIN retail.product_types t ON t.product_type_id = p.product_type_id
 * WHERE p.search_document @@ (
 *     coalesce(retail.informative_words_tsquery(:query!, :maxWordShare!), retail.any_word_tsquery(:query!))
 *     || websearch_to_tsquery('english', :query!))
 *   AND p.is_active
 *   AND (:category::text IS NULL OR lower(c.name) = lower(:category::text))
 *   AND (:minPrice::numeric IS NULL OR p.price >= :minPrice::numeric)
 *   AND (:maxPrice::numeric IS NULL OR p.price <= :maxPrice::numeric)
 *   AND (NOT :inStockOnly!::boolean OR EXISTS (
 *         SELECT 1 FROM retail.inventory i WHERE i.product_id = p.product_id AND i.quantity_on_hand > 0))
 * ORDER BY
 *   p.search_document @@ websearch_to_tsquery('english', :query!) DESC,
 *   ts_rank_cd(p.search_document, retail.any_word_tsquery(:query!), 1) DESC,
 *   p.product_id
 * LIMIT :maxRows!
 * ```
 */
export const searchProductsByText = new PreparedQuery<ISearchProductsByTextParams,ISearchProductsByTextResult>(searchProductsByTextIR);


/** 'GetEmbeddingModels' parameters type */
export type IGetEmbeddingModelsParams = void;

/** 'GetEmbeddingModels' return type */
export interface IGetEmbeddingModelsResult {
  dimensions: number;
  model: string;
  vectors: number;
}

/** 'GetEmbeddingModels' query type */
export interface IGetEmbeddingModelsQuery {
  params: IGetEmbeddingModelsParams;
  result: IGetEmbeddingModelsResult;
}

const getEmbeddingModelsIR: any = {"usedParamSet":{},"params":[],"statement":"-- Which models have vectors stored, of what dimension, for how many products.\nSELECT model AS \"model!\", dimensions AS \"dimensions!\", count(*) AS \"vectors!\"\nFROM retail.product_description_embeddings\nGROUP BY model, dimensions\nORDER BY count(*) DESC, model"};

/**
 * Query generated from SQL:
 * ```
 * -- Which models have vectors stored, of what dimension, for how many products.
 * SELECT model AS "model!", dimensions AS "dimensions!", count(*) AS "vectors!"
 * FROM retail.product_description_embeddings
 * GROUP BY model, dimensions
 * ORDER BY count(*) DESC, model
 * ```
 */
export const getEmbeddingModels = new PreparedQuery<IGetEmbeddingModelsParams,IGetEmbeddingModelsResult>(getEmbeddingModelsIR);


/** 'ListSearchCategories' parameters type */
export type IListSearchCategoriesParams = void;

/** 'ListSearchCategories' return type */
export interface IListSearchCategoriesResult {
  name: string;
}

/** 'ListSearchCategories' query type */
export interface IListSearchCategoriesQuery {
  params: IListSearchCategoriesParams;
  result: IListSearchCategoriesResult;
}

const listSearchCategoriesIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT name AS \"name!\" FROM retail.categories ORDER BY name"};

/**
 * Query generated from SQL:
 * ```
 * SELECT name AS "name!" FROM retail.categories ORDER BY name
 * ```
 */
export const listSearchCategories = new PreparedQuery<IListSearchCategoriesParams,IListSearchCategoriesResult>(listSearchCategoriesIR);


