/* @name GetStore */
-- One store, if the caller may see it (RLS), with its region.
SELECT s.store_id AS "storeId!", s.name AS "name!", s.city AS "city!", r.name AS "region!", s.is_online AS "isOnline!"
FROM retail.stores s JOIN retail.regions r ON r.region_id = s.region_id
WHERE s.store_id = :storeId!;

/* @name ListVisibleStores */
SELECT s.store_id AS "storeId!", s.name AS "name!", s.city AS "city!", r.name AS "region!", s.is_online AS "isOnline!"
FROM retail.stores s JOIN retail.regions r ON r.region_id = s.region_id
ORDER BY s.name;

/* @name GetStoreSalesSummary */
-- Sales of one store over [from, to): orders that count as sales are completed or shipped.
SELECT
  count(DISTINCT o.order_id) AS "orders!",
  coalesce(sum(oi.line_total), 0) AS "revenue!",
  coalesce(sum(oi.quantity), 0) AS "units!",
  coalesce(sum(oi.line_total - oi.quantity * p.cost), 0) AS "grossMargin!"
FROM retail.orders o
JOIN retail.order_items oi ON oi.order_id = o.order_id AND oi.store_id = o.store_id
JOIN retail.products p ON p.product_id = oi.product_id
WHERE o.store_id = :storeId! AND o.order_date >= :from! AND o.order_date < :to!
  AND o.status IN ('completed', 'shipped');

/* @name GetStoreTopProducts */
SELECT
  p.product_id AS "productId!", p.name AS "name!", c.name AS "category!",
  sum(oi.line_total) AS "revenue!", sum(oi.quantity) AS "units!"
FROM retail.orders o
JOIN retail.order_items oi ON oi.order_id = o.order_id AND oi.store_id = o.store_id
JOIN retail.products p ON p.product_id = oi.product_id
JOIN retail.categories c ON c.category_id = p.category_id
WHERE o.store_id = :storeId! AND o.order_date >= :from! AND o.order_date < :to!
  AND o.status IN ('completed', 'shipped')
GROUP BY p.product_id, p.name, c.name
ORDER BY sum(oi.line_total) DESC, p.product_id
LIMIT :limit!;

/* @name GetStoreCategorySales */
-- Revenue by category for the period and the one compared with, to explain what drove a change.
-- The two ranges never overlap: the previous one ends before the current one starts.
SELECT
  c.name AS "category!",
  coalesce(sum(oi.line_total) FILTER (WHERE o.order_date >= :from!), 0) AS "revenue!",
  coalesce(sum(oi.line_total) FILTER (WHERE o.order_date < :previousTo!), 0) AS "previousRevenue!"
FROM retail.orders o
JOIN retail.order_items oi ON oi.order_id = o.order_id AND oi.store_id = o.store_id
JOIN retail.products p ON p.product_id = oi.product_id
JOIN retail.categories c ON c.category_id = p.category_id
WHERE o.store_id = :storeId!
  AND ((o.order_date >= :from! AND o.order_date < :to!) OR (o.order_date >= :previousFrom! AND o.order_date < :previousTo!))
  AND o.status IN ('completed', 'shipped')
GROUP BY c.name
ORDER BY 2 DESC, c.name;
