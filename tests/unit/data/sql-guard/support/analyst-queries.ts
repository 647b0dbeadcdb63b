/**
 * Realistic analyst queries over the retail schema, as an assistant would write them. The guard
 * must accept every one; the benchmark uses them as its medium-size workload.
 */
export const ANALYST_QUERIES: readonly { name: string; sql: string }[] = [
  {
    name: 'top products by revenue per store last quarter',
    sql: `
      WITH last_quarter AS (
        SELECT date_trunc('quarter', current_date) - interval '3 months' AS starts,
               date_trunc('quarter', current_date) AS ends
      ), ranked AS (
        SELECT s.name AS store, p.name AS product, sum(oi.line_total) AS revenue,
               rank() OVER (PARTITION BY s.store_id ORDER BY sum(oi.line_total) DESC) AS position
        FROM retail.order_items oi
        JOIN retail.orders o ON o.order_id = oi.order_id AND o.store_id = oi.store_id
        JOIN retail.stores s ON s.store_id = o.store_id
        JOIN retail.products p ON p.product_id = oi.product_id
        CROSS JOIN last_quarter q
        WHERE o.order_date >= q.starts AND o.order_date < q.ends AND o.status <> 'cancelled'
        GROUP BY s.store_id, s.name, p.name
      )
      SELECT store, product, revenue FROM ranked WHERE position <= 5 ORDER BY store, position`,
  },
  {
    name: 'monthly revenue with date_trunc',
    sql: `SELECT date_trunc('month', order_date)::date AS month, round(sum(total_amount), 2) AS revenue
          FROM orders WHERE order_date >= current_date - interval '12 months'
          GROUP BY 1 ORDER BY 1;`,
  },
  {
    name: 'rank stores within their region',
    sql: `SELECT r.name AS region, s.name AS store, sum(o.total_amount) AS revenue,
                 dense_rank() OVER (PARTITION BY r.region_id ORDER BY sum(o.total_amount) DESC) AS rank_in_region
          FROM retail.orders o
          JOIN retail.stores s USING (store_id)
          JOIN retail.regions r ON r.region_id = s.region_id
          GROUP BY r.region_id, r.name, s.name`,
  },
  {
    name: 'year over year growth with lag',
    sql: `WITH yearly AS (
            SELECT extract(year FROM order_date)::int AS year, sum(total_amount) AS revenue
            FROM retail.orders GROUP BY 1
          )
          SELECT year, revenue, lag(revenue) OVER (ORDER BY year) AS previous,
                 round(100.0 * (revenue - lag(revenue) OVER (ORDER BY year))
                       / NULLIF(lag(revenue) OVER (ORDER BY year), 0), 1) AS growth_pct
          FROM yearly ORDER BY year`,
  },
  {
    name: 'CTE chain from orders to category shares',
    sql: `WITH lines AS (
            SELECT oi.product_id, oi.line_total FROM retail.order_items oi
            JOIN retail.orders o ON o.order_id = oi.order_id
            WHERE o.order_date >= date '2025-01-01'
          ), by_category AS (
            SELECT c.name AS category, sum(l.line_total) AS revenue
            FROM lines l JOIN retail.products p ON p.product_id = l.product_id
            JOIN retail.categories c ON c.category_id = p.category_id
            GROUP BY c.name
          ), total AS (SELECT sum(revenue) AS revenue FROM by_category)
          SELECT b.category, b.revenue, round(100 * b.revenue / t.revenue, 2) AS share_pct
          FROM by_category b CROSS JOIN total t ORDER BY b.revenue DESC`,
  },
  {
    name: 'UNION ALL of two periods',
    sql: `SELECT 'this month' AS period, count(*) AS orders, coalesce(sum(total_amount), 0) AS revenue
          FROM retail.orders WHERE order_date >= date_trunc('month', current_date)
          UNION ALL
          SELECT 'last month', count(*), coalesce(sum(total_amount), 0)
          FROM retail.orders
          WHERE order_date >= date_trunc('month', current_date) - interval '1 month'
            AND order_date < date_trunc('month', current_date)`,
  },
  {
    name: 'EXISTS subquery: customers who bought power tools',
    sql: `SELECT c.first_name, c.last_name, c.email FROM retail.customers c
          WHERE EXISTS (
            SELECT 1 FROM retail.orders o
            JOIN retail.order_items oi ON oi.order_id = o.order_id
            JOIN retail.products p ON p.product_id = oi.product_id
            JOIN retail.categories cat ON cat.category_id = p.category_id
            WHERE o.customer_id = c.customer_id AND cat.name = 'Power Tools'
          ) ORDER BY c.last_name LIMIT 50`,
  },
  {
    name: 'IN and NOT IN subqueries: products never sold',
    sql: `SELECT sku, name, brand FROM retail.products
          WHERE is_active AND product_id NOT IN (SELECT product_id FROM retail.order_items WHERE product_id IS NOT NULL)
            AND category_id IN (SELECT category_id FROM retail.categories WHERE name ILIKE '%garden%')`,
  },
  {
    name: 'FILTER clauses for status breakdown',
    sql: `SELECT s.name,
                 count(*) FILTER (WHERE o.status = 'completed') AS completed,
                 count(*) FILTER (WHERE o.status = 'returned') AS returned,
                 sum(o.total_amount) FILTER (WHERE o.status IN ('completed', 'shipped')) AS revenue
          FROM retail.orders o JOIN retail.stores s ON s.store_id = o.store_id
          GROUP BY s.name`,
  },
  {
    name: 'percentile_cont within group for basket sizes',
    sql: `SELECT store_id,
                 percentile_cont(0.5) WITHIN GROUP (ORDER BY total_amount) AS median_basket,
                 percentile_disc(0.9) WITHIN GROUP (ORDER BY total_amount) AS p90_basket,
                 mode() WITHIN GROUP (ORDER BY status) AS usual_status
          FROM retail.orders GROUP BY store_id`,
  },
  {
    name: 'generate_series calendar left-joined to sales',
    sql: `SELECT day::date AS day, coalesce(sum(o.total_amount), 0) AS revenue
          FROM generate_series(current_date - 29, current_date, interval '1 day') AS day
          LEFT JOIN retail.orders o ON o.order_date = day::date
          GROUP BY day ORDER BY day`,
  },
  {
    name: 'CASE buckets of order values',
    sql: `SELECT CASE WHEN total_amount < 50 THEN 'small'
                      WHEN total_amount < 200 THEN 'medium'
                      ELSE 'large' END AS bucket,
                 count(*) AS orders, avg(total_amount)::numeric(12, 2) AS average
          FROM retail.orders GROUP BY 1 ORDER BY min(total_amount)`,
  },
  {
    name: 'COALESCE and NULLIF for margins',
    sql: `SELECT name, price, cost, round((price - cost) / NULLIF(price, 0) * 100, 1) AS margin_pct,
                 COALESCE(NULLIF(brand, ''), 'unbranded') AS brand
          FROM retail.products ORDER BY margin_pct DESC NULLS LAST`,
  },
  {
    name: 'string_agg of products per order',
    sql: `SELECT o.order_id, o.order_date, string_agg(p.name, ', ' ORDER BY p.name) AS products
          FROM retail.orders o
          JOIN retail.order_items oi ON oi.order_id = o.order_id
          JOIN retail.products p ON p.product_id = oi.product_id
          GROUP BY o.order_id, o.order_date ORDER BY o.order_date DESC LIMIT 20`,
  },
  {
    name: 'to_char formatting of months and money',
    sql: `SELECT to_char(date_trunc('month', order_date), 'YYYY-MM') AS month,
                 to_char(sum(total_amount), 'FM999G999G990D00') AS revenue
          FROM retail.orders GROUP BY 1 ORDER BY 1`,
  },
  {
    name: 'interval arithmetic and age of customers',
    sql: `SELECT customer_id, joined_on, age(current_date, joined_on) AS tenure,
                 joined_on + interval '1 year' AS first_anniversary,
                 current_date - joined_on AS days_since_joining
          FROM retail.customers WHERE joined_on > current_date - interval '2 years'`,
  },
  {
    name: 'extract day of week',
    sql: `SELECT extract(isodow FROM order_date) AS weekday, date_part('hour', created_at) AS hour,
                 count(*) FROM retail.orders GROUP BY 1, 2 ORDER BY 1, 2`,
  },
  {
    name: 'JSON building per store',
    sql: `SELECT s.name, json_build_object('orders', count(o.*), 'revenue', sum(o.total_amount)) AS summary,
                 jsonb_agg(DISTINCT o.status) AS statuses,
                 jsonb_build_array(min(o.order_date), max(o.order_date)) AS span
          FROM retail.stores s LEFT JOIN retail.orders o ON o.store_id = s.store_id GROUP BY s.name`,
  },
  {
    name: 'casts to numeric, date and text',
    sql: `SELECT order_id::text AS id, total_amount::numeric(14, 2), o.created_at::date AS created,
                 CAST(order_date AS timestamp) AS order_ts, '2025-01-01'::date AS since,
                 quantity::bigint * unit_price::double precision AS gross
          FROM retail.orders o JOIN retail.order_items USING (order_id)
          WHERE order_date >= '2025-01-01'::date`,
  },
  {
    name: 'vector cosine distance for similar products',
    sql: `SELECT p.name, e.embedding <=> (
                   SELECT embedding FROM retail.product_description_embeddings e2
                   JOIN retail.products p2 ON p2.product_id = e2.product_id
                   WHERE p2.sku = 'DRL-001' AND e2.model = e.model
                 ) AS distance
          FROM retail.product_description_embeddings e
          JOIN retail.products p ON p.product_id = e.product_id
          WHERE e.model = 'all-minilm-l6-v2'
          ORDER BY distance LIMIT 10`,
  },
  {
    name: 'vector distance functions and dimensions',
    sql: `SELECT product_id, vector_dims(embedding) AS dims,
                 cosine_distance(embedding, '[0.1, 0.2, 0.3]'::vector) AS cos,
                 embedding <-> '[0.1, 0.2, 0.3]'::vector AS l2
          FROM retail.product_description_embeddings WHERE dimensions = 3`,
  },
  {
    name: 'LIMIT and OFFSET paging',
    sql: 'SELECT sku, name, price FROM retail.products ORDER BY price DESC, sku LIMIT 25 OFFSET 50',
  },
  {
    name: 'DISTINCT ON latest order per customer',
    sql: `SELECT DISTINCT ON (customer_id) customer_id, order_id, order_date, total_amount
          FROM retail.orders ORDER BY customer_id, order_date DESC`,
  },
  {
    name: 'inventory below reorder level with LATERAL last sale',
    sql: `SELECT s.name AS store, p.name AS product, i.quantity_on_hand, i.reorder_level, last_sale.day
          FROM retail.inventory i
          JOIN retail.stores s ON s.store_id = i.store_id
          JOIN retail.products p ON p.product_id = i.product_id
          LEFT JOIN LATERAL (
            SELECT max(o.order_date) AS day FROM retail.order_items oi
            JOIN retail.orders o ON o.order_id = oi.order_id
            WHERE oi.product_id = i.product_id AND oi.store_id = i.store_id
          ) last_sale ON true
          WHERE i.quantity_on_hand < i.reorder_level
          ORDER BY i.reorder_level - i.quantity_on_hand DESC`,
  },
  {
    name: 'running total with a named window',
    sql: `SELECT order_date, sum(total_amount) AS day_revenue,
                 sum(sum(total_amount)) OVER w AS running_revenue,
                 avg(sum(total_amount)) OVER (ORDER BY order_date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS avg_7d
          FROM retail.orders GROUP BY order_date
          WINDOW w AS (ORDER BY order_date ROWS UNBOUNDED PRECEDING)
          ORDER BY order_date`,
  },
  {
    name: 'ntile quartiles of customers by spend',
    sql: `SELECT customer_id, spend, ntile(4) OVER (ORDER BY spend DESC) AS quartile
          FROM (SELECT customer_id, sum(total_amount) AS spend FROM retail.orders GROUP BY customer_id) t`,
  },
  {
    name: 'GROUPING SETS and ROLLUP subtotals',
    sql: `SELECT r.name AS region, s.name AS store, sum(o.total_amount) AS revenue, grouping(r.name, s.name) AS level
          FROM retail.orders o JOIN retail.stores s ON s.store_id = o.store_id
          JOIN retail.regions r ON r.region_id = s.region_id
          GROUP BY ROLLUP (r.name, s.name) ORDER BY r.name NULLS LAST, s.name NULLS LAST`,
  },
  {
    name: 'discount analysis with greatest, least and width_bucket',
    sql: `SELECT width_bucket(discount_percent, 0, 50, 5) AS bucket, count(*) AS lines,
                 greatest(max(discount_percent), 0) AS top, least(min(unit_price), 1000) AS cheapest,
                 round(avg(line_total)::numeric, 2) AS avg_line
          FROM retail.order_items GROUP BY 1 ORDER BY 1`,
  },
  {
    name: 'string functions on customer names',
    sql: `SELECT initcap(lower(first_name)) || ' ' || upper(left(last_name, 1)) || '.' AS display,
                 split_part(email, '@', 2) AS domain, length(email) AS len,
                 regexp_replace(email, '^(.).*@', '\\1***@') AS masked
          FROM retail.customers WHERE position('@' IN email) > 1 AND email ~* '\\.com$'`,
  },
  {
    name: 'VALUES list joined as targets',
    sql: `SELECT t.status, t.target, count(o.order_id) AS actual
          FROM (VALUES ('completed', 1000), ('returned', 50)) AS t(status, target)
          LEFT JOIN retail.orders o ON o.status = t.status
          GROUP BY t.status, t.target`,
  },
  {
    name: 'INTERSECT and EXCEPT of customer sets',
    sql: `(SELECT customer_id FROM retail.orders WHERE order_date >= date '2025-01-01'
           INTERSECT
           SELECT customer_id FROM retail.orders WHERE order_date < date '2025-01-01')
          EXCEPT
          SELECT customer_id FROM retail.orders WHERE status = 'returned'`,
  },
  {
    name: 'recursive CTE over a month calendar',
    sql: `WITH RECURSIVE days(d) AS (
            SELECT date_trunc('month', current_date)::date
            UNION ALL
            SELECT (d + 1)::date FROM days WHERE d < (date_trunc('month', current_date) + interval '1 month - 1 day')::date
          )
          SELECT d, count(o.order_id) FROM days LEFT JOIN orders o ON o.order_date = d GROUP BY d ORDER BY d`,
  },
  {
    name: 'array functions over product types',
    sql: `SELECT c.name, array_length(array_agg(pt.name), 1) AS types,
                 array_to_string(array_agg(pt.name ORDER BY pt.name), ' | ') AS listing,
                 cardinality(array_agg(DISTINCT pt.product_type_id)) AS distinct_types
          FROM retail.categories c JOIN retail.product_types pt ON pt.category_id = c.category_id
          GROUP BY c.name`,
  },
  {
    name: 'unnest and jsonb_array_elements in FROM',
    sql: `SELECT s, x.value->>'k' AS k
          FROM unnest(ARRAY['pending', 'shipped']) AS s
          CROSS JOIN LATERAL jsonb_array_elements('[{"k": 1}]'::jsonb) AS x(value)`,
  },
  {
    name: 'commented query with trailing semicolon and comment',
    sql: `-- Revenue per category (asked by the regional manager)
          /* only active products */
          SELECT c.name, sum(oi.line_total) AS revenue -- in dollars
          FROM retail.order_items oi
          JOIN retail.products p ON p.product_id = oi.product_id AND p.is_active
          JOIN retail.categories c ON c.category_id = p.category_id
          GROUP BY c.name
          ORDER BY revenue DESC; -- biggest first`,
  },
  {
    name: 'IS DISTINCT FROM, BETWEEN and boolean tests',
    sql: `SELECT count(*) FROM retail.stores
          WHERE is_online IS NOT TRUE AND opened_on BETWEEN date '2010-01-01' AND current_date
            AND manager_name IS DISTINCT FROM 'Vacant' AND city LIKE 'S%'`,
  },
  {
    name: 'full-text search over product descriptions',
    sql: `SELECT name, ts_rank(to_tsvector('english', description), plainto_tsquery('english', 'cordless drill')) AS score
          FROM retail.products
          WHERE to_tsvector('english', description) @@ plainto_tsquery('english', 'cordless drill')
          ORDER BY score DESC LIMIT 10`,
  },
  {
    name: 'SQL/JSON constructors',
    sql: `SELECT JSON_OBJECT('store': s.name, 'online': s.is_online) AS doc,
                 JSON_ARRAYAGG(o.total_amount ORDER BY o.order_date) AS amounts
          FROM retail.stores s JOIN retail.orders o ON o.store_id = s.store_id GROUP BY s.name, s.is_online`,
  },
]
