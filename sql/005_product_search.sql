-- Product search: a weighted full-text document on every product (GIN), and per-model vector
-- indexes on retail.product_description_embeddings (HNSW or IVFFlat, cosine) built on demand.
--
-- Why a trigger-maintained column: the document covers the product's own columns and the names of
-- its category and product type, which live in other tables. A generated column cannot read them,
-- and an expression index over a function that reads them would have to lie about being
-- IMMUTABLE and would silently go stale when a category is renamed. So products carry
-- search_document, set by a BEFORE trigger from the row and the two names, and a rename of a
-- category or type recomputes its products. One column, one GIN index, and queries (including
-- assistant-written SQL) read it directly.
SET LOCAL ROLE zava_owner;

-- Weights rank a hit in the name (A) above one in the type or brand (B), the category (C) or the
-- description (D). English stemming: "dripping taps" matches "drip" and "tap".
CREATE FUNCTION retail.product_search_document(
  name text, brand text, product_type text, category text, description text
) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', coalesce(name, '')), 'A')
      || setweight(to_tsvector('english', coalesce(product_type, '') || ' ' || coalesce(brand, '')), 'B')
      || setweight(to_tsvector('english', coalesce(category, '')), 'C')
      || setweight(to_tsvector('english', coalesce(description, '')), 'D')
$$;

CREATE FUNCTION retail.products_search_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_document := retail.product_search_document(
    NEW.name,
    NEW.brand,
    (SELECT t.name FROM retail.product_types t WHERE t.product_type_id = NEW.product_type_id),
    (SELECT c.name FROM retail.categories c WHERE c.category_id = NEW.category_id),
    NEW.description);
  RETURN NEW;
END
$$;

-- A rename of a category or type touches its products, whose trigger recomputes the document.
CREATE FUNCTION retail.refresh_products_search_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'categories' THEN
    UPDATE retail.products SET search_document = NULL WHERE category_id = NEW.category_id;
  ELSE
    UPDATE retail.products SET search_document = NULL WHERE product_type_id = NEW.product_type_id;
  END IF;
  RETURN NULL;
END
$$;

ALTER TABLE retail.products ADD COLUMN search_document tsvector;

-- Also on UPDATE OF search_document: the column cannot be set by hand to anything else.
CREATE TRIGGER search_document BEFORE INSERT OR UPDATE OF name, brand, description, category_id,
  product_type_id, search_document ON retail.products
  FOR EACH ROW EXECUTE FUNCTION retail.products_search_document();
CREATE TRIGGER refresh_search_document AFTER UPDATE OF name ON retail.categories
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION retail.refresh_products_search_document();
CREATE TRIGGER refresh_search_document AFTER UPDATE OF name ON retail.product_types
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION retail.refresh_products_search_document();

-- Products loaded before this migration; their updated_at stays as it was.
ALTER TABLE retail.products DISABLE TRIGGER touch_updated_at;
UPDATE retail.products SET search_document = NULL;
ALTER TABLE retail.products ENABLE TRIGGER touch_updated_at;
ALTER TABLE retail.products ALTER COLUMN search_document SET NOT NULL;

CREATE INDEX products_search_document_idx ON retail.products USING gin (search_document);
COMMENT ON COLUMN retail.products.search_document IS
  'Full-text document (english) of name, brand, product type, category and description, kept up to date by a trigger. '
  'Filter with search_document @@ websearch_to_tsquery(''english'', ''cordless drill'').';

-- Matches documents holding any word of a question. Managers ask in sentences ("something to stop
-- a dripping tap"), where websearch_to_tsquery's every-word-required query rarely matches; ranking
-- (ts_rank_cd, every word first) then sorts the hits. NULL when the question has no word that is
-- not a stop word.
CREATE FUNCTION retail.any_word_tsquery(question text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT string_agg('''' || replace(replace(l, '\', '\\'), '''', '''''') || '''', ' | ')::tsquery
  FROM unnest(tsvector_to_array(to_tsvector('english', question))) AS l
$$;

-- Vector indexes. pgvector indexes only columns of a fixed dimension, and the embeddings of all
-- models share one untyped column, so each model gets a partial expression index on
-- (embedding::vector(N)) WHERE model = '<model>' (halfvec(N) from 2,001 to 4,000 dimensions, the
-- limit of both index types). Identifiers and the dimension cannot be query parameters, hence
-- these functions with format(); callers pass values only.

-- The schema pgvector was installed in: the functions below run with a fixed search_path.
CREATE FUNCTION retail.vector_schema() RETURNS name
LANGUAGE sql STABLE AS $$
  SELECT n.nspname FROM pg_catalog.pg_extension e
  JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'vector'
$$;

-- The type a model's vectors are cast to, schema-qualified, e.g. "public".vector(512).
CREATE FUNCTION retail.embedding_cast(dims integer) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT format('%I.%s(%s)', retail.vector_schema(), CASE WHEN dims BETWEEN 2001 AND 4000 THEN 'halfvec' ELSE 'vector' END, dims)
$$;

-- Every index of a model starts with the same prefix (slug, hash of the full name): 63 bytes at most.
CREATE FUNCTION retail.embedding_index_prefix(model text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT format('pde_%s_%s_', left(regexp_replace(lower(model), '[^a-z0-9]+', '_', 'g'), 32), left(md5(model), 8))
$$;

-- Creates the model's index (once; it stays in step with later inserts) and drops any other index
-- of that model (the other method, another dimension). Run by the owner or an admin: building an
-- index needs ownership of the table, and no application role may execute it. Returns the index
-- name. IVFFlat picks its lists from the rows present, so build it after embedding.
CREATE FUNCTION retail.ensure_embedding_index(model text, dims integer, method text DEFAULT 'hnsw')
RETURNS text
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
  SELECT count(*), count(*) FILTER (WHERE e.dimensions <> dims) INTO vectors, other_dims
  FROM retail.product_description_embeddings e WHERE e.model = ensure_embedding_index.model;
  IF other_dims > 0 THEN
    RAISE EXCEPTION 'model % has % vectors whose dimension is not %', model, other_dims, dims
      USING ERRCODE = 'data_exception', HINT = 'Re-embed the products with that model.';
  END IF;
  wanted := retail.embedding_index_prefix(model) || dims || '_' || method;
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
      'CREATE INDEX IF NOT EXISTS %I ON retail.product_description_embeddings USING hnsw ((embedding::%s) %s) WHERE model = %L',
      wanted, cast_to, ops, model);
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

-- The products nearest to a question's vector, among those of one model, with the search
-- filters applied during the index scan (iterative scan: a selective filter still fills the
-- list). Runs with the caller's rights: the in-stock filter reads retail.inventory under row
-- level security, so it means "in stock at a store the caller may see". Nearest first;
-- similarity = 1 - cosine distance.
CREATE FUNCTION retail.search_product_vectors(
  model text,
  query_embedding vector,
  max_rows integer,
  category text DEFAULT NULL,
  min_price numeric DEFAULT NULL,
  max_price numeric DEFAULT NULL,
  in_stock_only boolean DEFAULT false,
  ef_search integer DEFAULT 100
) RETURNS TABLE (product_id uuid, similarity double precision)
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
  cast_to text := retail.embedding_cast(vector_dims(query_embedding));
BEGIN
  IF max_rows IS NULL OR max_rows NOT BETWEEN 1 AND 1000 THEN
    RAISE EXCEPTION 'max_rows must be from 1 to 1000' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM set_config('hnsw.ef_search', least(1000, greatest(ef_search, max_rows))::text, true);
  PERFORM set_config('hnsw.iterative_scan', 'relaxed_order', true);
  PERFORM set_config('ivfflat.probes', '10', true);
  PERFORM set_config('ivfflat.iterative_scan', 'relaxed_order', true);
  -- The model is a literal, not a parameter, so that the planner matches the partial index.
  RETURN QUERY EXECUTE format($q$
    WITH nearest AS MATERIALIZED (
      SELECT e.product_id, (e.embedding::%1$s <=> $1::%1$s) AS distance
      FROM retail.product_description_embeddings e
      JOIN retail.products p ON p.product_id = e.product_id
      WHERE e.model = %2$L
        AND p.is_active
        AND ($2::text IS NULL OR p.category_id IN
              (SELECT c.category_id FROM retail.categories c WHERE lower(c.name) = lower($2::text)))
        AND ($3::numeric IS NULL OR p.price >= $3::numeric)
        AND ($4::numeric IS NULL OR p.price <= $4::numeric)
        AND (NOT $5::boolean OR EXISTS (
              SELECT 1 FROM retail.inventory i WHERE i.product_id = p.product_id AND i.quantity_on_hand > 0))
      ORDER BY e.embedding::%1$s <=> $1::%1$s
      LIMIT $6
    )
    SELECT product_id, 1 - distance FROM nearest ORDER BY distance, product_id
  $q$, cast_to, model)
  USING query_embedding, category, min_price, max_price, coalesce(in_stock_only, false), max_rows;
END
$$;

-- Both run with a fixed search_path: pg_catalog, then pgvector's schema (its type, functions and
-- operators), wherever it was installed.
DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION retail.ensure_embedding_index(text, integer, text) SET search_path = pg_catalog, %I, pg_temp',
                 retail.vector_schema());
  EXECUTE format('ALTER FUNCTION retail.search_product_vectors(text, vector, integer, text, numeric, numeric, boolean, integer) '
                 'SET search_path = pg_catalog, %I, pg_temp', retail.vector_schema());
END
$$;

REVOKE ALL ON FUNCTION
  retail.product_search_document(text, text, text, text, text),
  retail.products_search_document(),
  retail.refresh_products_search_document(),
  retail.any_word_tsquery(text),
  retail.vector_schema(),
  retail.embedding_cast(integer),
  retail.embedding_index_prefix(text),
  retail.ensure_embedding_index(text, integer, text),
  retail.search_product_vectors(text, vector, integer, text, numeric, numeric, boolean, integer)
FROM PUBLIC;
-- What searches run as a tenant (SET ROLE to a kind of zava_analyst) need; not the index builder.
GRANT EXECUTE ON FUNCTION
  retail.any_word_tsquery(text),
  retail.vector_schema(),
  retail.embedding_cast(integer),
  retail.search_product_vectors(text, vector, integer, text, numeric, numeric, boolean, integer)
TO zava_analyst;
