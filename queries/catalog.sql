/* @name GetTableColumns */
-- Columns of retail tables, in order, with their comments.
SELECT
  c.relname AS "table!", a.attname AS "column!", format_type(a.atttypid, a.atttypmod) AS "type!",
  NOT a.attnotnull AS "nullable!", pg_get_expr(d.adbin, d.adrelid) AS "default",
  col_description(c.oid, a.attnum) AS "description"
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'retail'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE c.relkind IN ('r', 'v', 'p')
ORDER BY c.relname, a.attnum;

/* @name GetTableConstraints */
-- Primary, unique, foreign-key and check constraints of retail tables.
SELECT
  c.relname AS "table!", con.conname AS "name!", con.contype::text AS "kind!",
  ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS "columns!",
  fc.relname AS "referencedTable?",
  ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS "referencedColumns!",
  pg_get_constraintdef(con.oid) AS "definition!"
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'retail'
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
WHERE con.contype IN ('p', 'u', 'f', 'c')
ORDER BY c.relname, con.contype, con.conname;

/* @name GetTableIndexes */
SELECT tablename AS "table!", indexname AS "name!", indexdef AS "definition!"
FROM pg_indexes WHERE schemaname = 'retail'
ORDER BY tablename, indexname;

/* @name GetTableDescriptions */
SELECT c.relname AS "table!", obj_description(c.oid, 'pg_class') AS "description", c.relrowsecurity AS "rowLevelSecurity!"
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'retail'
WHERE c.relkind IN ('r', 'v', 'p')
ORDER BY c.relname;

/* @name ListCategories */
SELECT c.name AS "category!", array_agg(t.name ORDER BY t.name)::text[] AS "productTypes!"
FROM retail.categories c JOIN retail.product_types t ON t.category_id = c.category_id
GROUP BY c.name ORDER BY c.name;

/* @name ListRegions */
SELECT name AS "name!" FROM retail.regions ORDER BY name;

/* @name ListBrands */
SELECT brand AS "brand!", count(*) AS "products!" FROM retail.products GROUP BY brand ORDER BY count(*) DESC, brand LIMIT 40;

/* @name ListOrderYearsAndStatuses */
-- What the caller's visible orders span (RLS applies): years and statuses an assistant can filter on.
SELECT
  ARRAY(SELECT DISTINCT extract(year FROM order_date)::int FROM retail.orders ORDER BY 1)::int[] AS "years!",
  ARRAY(SELECT DISTINCT status FROM retail.orders ORDER BY 1)::text[] AS "statuses!",
  (SELECT min(order_date) FROM retail.orders) AS "firstOrderDate",
  (SELECT max(order_date) FROM retail.orders) AS "lastOrderDate";
