/* @name SearchProductsByVector */
-- The products nearest to the question's vector among the vectors of one model, with the filters
-- applied inside the index scan (see retail.search_product_vectors: the dimension of the indexed
-- expression cannot be a parameter). Runs as the tenant: in stock means at a store it may see.
SELECT
  v.product_id AS "productId!", v.similarity AS "similarity!",
  p.name AS "name!", p.brand AS "brand!", c.name AS "category!", t.name AS "productType!", p.price AS "price!"
FROM retail.search_product_vectors(
  :model!, :embedding!::vector, :maxRows!, :category, :minPrice, :maxPrice, :inStockOnly!, :efSearch!
) v
JOIN retail.products p ON p.product_id = v.product_id
JOIN retail.categories c ON c.category_id = p.category_id
JOIN retail.product_types t ON t.product_type_id = p.product_type_id
ORDER BY v.similarity DESC, v.product_id;

/* @name SearchProductsByText */
-- Candidates: products holding every word of the question (websearch_to_tsquery: quotes, "or"
-- and -word work as on a search engine) or one of its informative words (held by at most
-- maxWordShare of the products; any word when none is). Those holding every word come first,
-- then by ts_rank_cd over all the words (cover density, weighted: name, type and brand, category,
-- description; divided by 1 + log(document length)). Same filters as the vector search; runs as
-- the tenant.
SELECT
  p.product_id AS "productId!", p.name AS "name!", p.brand AS "brand!", c.name AS "category!",
  t.name AS "productType!", p.price AS "price!",
  ts_rank_cd(p.search_document, retail.any_word_tsquery(:query!), 1)::float8 AS "textRank!",
  p.search_document @@ websearch_to_tsquery('english', :query!) AS "allWords!"
FROM retail.products p
JOIN retail.categories c ON c.category_id = p.category_id
JOIN retail.product_types t ON t.product_type_id = p.product_type_id
WHERE p.search_document @@ (
    coalesce(retail.informative_words_tsquery(:query!, :maxWordShare!), retail.any_word_tsquery(:query!))
    || websearch_to_tsquery('english', :query!))
  AND p.is_active
  AND (:category::text IS NULL OR lower(c.name) = lower(:category::text))
  AND (:minPrice::numeric IS NULL OR p.price >= :minPrice::numeric)
  AND (:maxPrice::numeric IS NULL OR p.price <= :maxPrice::numeric)
  AND (NOT :inStockOnly!::boolean OR EXISTS (
        SELECT 1 FROM retail.inventory i WHERE i.product_id = p.product_id AND i.quantity_on_hand > 0))
ORDER BY
  p.search_document @@ websearch_to_tsquery('english', :query!) DESC,
  ts_rank_cd(p.search_document, retail.any_word_tsquery(:query!), 1) DESC,
  p.product_id
LIMIT :maxRows!;

/* @name GetEmbeddingModels */
-- Which models have vectors stored, of what dimension, for how many products.
SELECT model AS "model!", dimensions AS "dimensions!", count(*) AS "vectors!"
FROM retail.product_description_embeddings
GROUP BY model, dimensions
ORDER BY count(*) DESC, model;

/* @name ListSearchCategories */
SELECT name AS "name!" FROM retail.categories ORDER BY name;
