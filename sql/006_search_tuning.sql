-- Search tuning, from measurements (bench/search-quality.ts, bench/search-latency.ts):
--   1. Word statistics, so full-text candidates come from the informative words of a question.
--   2. HNSW build parameters (m, ef_construction) for the per-model vector index.
SET LOCAL ROLE zava_owner;

-- How many products hold each word (the row with the empty word holds the number of products).
-- Managers' questions are full of words that a tenth of the catalogue holds ("keep", "garden",
-- "power", "light"): matching any of them made every product a candidate to rank (25,000 of
-- 100,000 for one question, ~200 ms) and buried the products that match the rare, telling words.
-- A snapshot, refreshed by `zava-mcp embed` (retail.refresh_search_statistics): word frequencies
-- drift slowly, and a missing word counts as rare, so stale statistics only cost speed.
CREATE MATERIALIZED VIEW retail.search_word_frequencies AS
  SELECT ''::text AS word, count(*)::integer AS products FROM retail.products
  UNION ALL
  SELECT s.word, s.ndoc FROM ts_stat('SELECT search_document FROM retail.products') AS s;
CREATE UNIQUE INDEX search_word_frequencies_word_idx ON retail.search_word_frequencies (word);
COMMENT ON MATERIALIZED VIEW retail.search_word_frequencies IS
  'Products per full-text word (english stems); word '''' holds the number of products. Refreshed by zava-mcp embed.';

-- Owner only (REFRESH needs ownership): run by `zava-mcp embed` and the embedded server's indexer.
CREATE FUNCTION retail.refresh_search_statistics() RETURNS void
LANGUAGE sql SECURITY INVOKER AS $$
  REFRESH MATERIALIZED VIEW retail.search_word_frequencies;
$$;

-- The words of a question held by at most max_share of the products, OR-ed; NULL when it has
-- none. Products matching only common words are weak matches: they still rank by every word of
-- the question once they are candidates, but they are not candidates for a common word alone.
CREATE FUNCTION retail.informative_words_tsquery(question text, max_share double precision)
RETURNS tsquery
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT string_agg('''' || replace(replace(w.l, '\', '\\'), '''', '''''') || '''', ' | ')::tsquery
  FROM unnest(tsvector_to_array(to_tsvector('english', question))) AS w(l)
  LEFT JOIN retail.search_word_frequencies f ON f.word = w.l
  WHERE coalesce(f.products, 0) <= max_share * coalesce(
    nullif((SELECT t.products FROM retail.search_word_frequencies t WHERE t.word = ''), 0),
    2147483647)
$$;

-- HNSW's graph degree and build effort become parameters, m = 32 and ef_construction = 128 by
-- default. With pgvector's m = 16, families of near-identical products (one text in many colours
-- and sizes) larger than the 2m links of a node turn into islands the search cannot leave:
-- recall@10 fell to 0.44 at 100,000 products made of 50 near-copies of each of 2,000, whatever
-- ef_search; m = 32 gave 0.97 (random vectors instead: 0.998 with m = 16). The price is a slower
-- build (about 6x at 100,000). The index name carries the parameters, so changing them rebuilds it.
DROP FUNCTION retail.ensure_embedding_index(text, integer, text);
CREATE FUNCTION retail.ensure_embedding_index(
  model text, dims integer, method text DEFAULT 'hnsw', m integer DEFAULT 32, ef_construction integer DEFAULT 128
) RETURNS text
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
  wanted text;
  stale record;
  vectors bigint;
  other_dims bigint;
  cast_to text := retail.embedding_cast(dims);
  ops text;
BEGIN
  IF model IS NULL OR model = '' THEN
    RAISE EXCEPTION 'model must not be empty' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF method IS NULL OR method NOT IN ('hnsw', 'ivfflat') THEN
    RAISE EXCEPTION 'index method must be hnsw or ivfflat, not %', method USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF dims IS NULL OR dims NOT BETWEEN 1 AND 4000 THEN
    RAISE EXCEPTION 'pgvector indexes vectors of 1 to 4000 dimensions, not %', dims
      USING ERRCODE = 'invalid_parameter_value', HINT = 'Larger vectors are searched by exact scan.';
  END IF;
  -- pgvector's own limits.
  IF m IS NULL OR m NOT BETWEEN 2 AND 100 OR ef_construction IS NULL OR ef_construction NOT BETWEEN 4 AND 1000
     OR ef_construction < 2 * m THEN
    RAISE EXCEPTION 'HNSW needs m from 2 to 100 and ef_construction from 4 to 1000, at least 2 * m (got %, %)',
      m, ef_construction USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT count(*), count(*) FILTER (WHERE e.dimensions <> dims) INTO vectors, other_dims
  FROM retail.product_description_embeddings e WHERE e.model = ensure_embedding_index.model;
  IF other_dims > 0 THEN
    RAISE EXCEPTION 'model % has % vectors whose dimension is not %', model, other_dims, dims
      USING ERRCODE = 'data_exception', HINT = 'Re-embed the products with that model.';
  END IF;
  wanted := retail.embedding_index_prefix(model) || dims || '_'
    || CASE method WHEN 'hnsw' THEN format('hnsw%sx%s', m, ef_construction) ELSE 'ivfflat' END;
  FOR stale IN
    SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = 'retail'::regnamespace AND c.relkind = 'i'
      AND left(c.relname, length(retail.embedding_index_prefix(model))) = retail.embedding_index_prefix(model)
      AND c.relname <> wanted
  LOOP
    EXECUTE format('DROP INDEX retail.%I', stale.relname);
  END LOOP;
  ops := format('%I.%s', retail.vector_schema(), CASE WHEN cast_to LIKE '%halfvec%' THEN 'halfvec_cosine_ops' ELSE 'vector_cosine_ops' END);
  IF method = 'hnsw' THEN
    EXECUTE format(
      'CREATE INDEX IF NOT EXISTS %I ON retail.product_description_embeddings USING hnsw ((embedding::%s) %s) '
      'WITH (m = %s, ef_construction = %s) WHERE model = %L',
      wanted, cast_to, ops, m, ef_construction, model);
  ELSE
    -- pgvector's advice: rows / 1000 lists up to a million rows, sqrt(rows) beyond.
    EXECUTE format(
      'CREATE INDEX IF NOT EXISTS %I ON retail.product_description_embeddings USING ivfflat ((embedding::%s) %s) WITH (lists = %s) WHERE model = %L',
      wanted, cast_to, ops,
      greatest(1, CASE WHEN vectors <= 1000000 THEN vectors / 1000 ELSE floor(sqrt(vectors))::bigint END),
      model);
  END IF;
  RETURN wanted;
END
$$;

DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION retail.ensure_embedding_index(text, integer, text, integer, integer) '
                 'SET search_path = pg_catalog, %I, pg_temp', retail.vector_schema());
END
$$;

REVOKE ALL ON FUNCTION
  retail.refresh_search_statistics(),
  retail.informative_words_tsquery(text, double precision),
  retail.ensure_embedding_index(text, integer, text, integer, integer)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION retail.informative_words_tsquery(text, double precision) TO zava_analyst;
GRANT SELECT ON retail.search_word_frequencies TO zava_analyst;
