/* @name ListProductsToEmbed */
-- Every product with what its embedding text is made of, and the hash of the text its vector of
-- the model was made from (NULL: no vector of that model yet). Run by the admin connection.
SELECT
  p.product_id AS "productId!", p.name AS "name!", p.brand AS "brand!", t.name AS "productType!",
  c.name AS "category!", p.description AS "description!", e.content_hash AS "contentHash?"
FROM retail.products p
JOIN retail.categories c ON c.category_id = p.category_id
JOIN retail.product_types t ON t.product_type_id = p.product_type_id
LEFT JOIN retail.product_description_embeddings e ON e.product_id = p.product_id AND e.model = :model!
ORDER BY p.product_id;

/* @name UpsertProductEmbeddings */
-- One batch of vectors of one model, all or nothing; a product's earlier vector of that model is
-- replaced. Vectors travel as pgvector's text form ('[0.1,0.2,...]').
INSERT INTO retail.product_description_embeddings (product_id, model, dimensions, embedding, content_hash)
SELECT u.product_id, :model!, :dimensions!, u.embedding::vector, u.content_hash
FROM unnest(:productIds!::uuid[], :embeddings!::text[], :contentHashes!::text[]) AS u(product_id, embedding, content_hash)
ON CONFLICT (product_id, model) DO UPDATE
SET dimensions = EXCLUDED.dimensions, embedding = EXCLUDED.embedding, content_hash = EXCLUDED.content_hash;

/* @name EnsureEmbeddingIndex */
-- Builds the model's vector index unless it exists (see sql/006_search_tuning.sql). Owner only.
SELECT retail.ensure_embedding_index(:model!, :dimensions!, :method!, :m!, :efConstruction!) AS "indexName!";

/* @name RefreshSearchStatistics */
-- Recounts the products holding each full-text word (retail.search_word_frequencies). Owner only.
SELECT retail.refresh_search_statistics() AS refreshed;
