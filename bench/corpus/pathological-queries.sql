-- Queries an operator wants a slow-query monitor to flag: each passes the SQL guard (it is read-only
-- and allowed) but makes the database do far more work than the question needs. The slow-query
-- scenario runs them as head office (the widest scope) next to the normal workload and measures which
-- thresholds catch them (recall).
--
-- Headers as in analyst-queries.sql, plus @category (missing-index, cartesian, unbounded-sort,
-- huge-result, expensive-regex) and @why (what makes it expensive).

-- @id correlated-scan-unit-price
-- @title Order lines sold at each product's list price
-- @category missing-index
-- @why A correlated subquery filters order_items on unit_price, which has no index: one full scan of order lines per product.
SELECT p.sku, p.name,
       (SELECT count(*) FROM retail.order_items oi WHERE oi.unit_price = p.price) AS lines_at_list_price
FROM retail.products p
ORDER BY p.sku
LIMIT 20;

-- @id correlated-scan-big-spenders
-- @title Customers whose biggest order beats the average order line of their store
-- @category missing-index
-- @why The inner query filters order_items on line_total (no index) once per customer.
SELECT c.email,
       (SELECT count(*) FROM retail.order_items oi WHERE oi.line_total > 400 AND oi.store_id = c.store_id
          AND oi.quantity > 4) AS big_lines_in_store
FROM retail.customers c
ORDER BY c.email
LIMIT 60;

-- @id correlated-scan-same-amount
-- @title Yesterday's orders with how many orders ever had the same amount
-- @category missing-index
-- @why total_amount has no index: the correlated subquery scans all orders once per order of the day.
SELECT o.order_id, o.total_amount,
       (SELECT count(*) FROM retail.orders o2 WHERE o2.total_amount = o.total_amount) AS same_amount
FROM (SELECT * FROM retail.orders WHERE order_date = current_date - 1 LIMIT 100) o
ORDER BY same_amount DESC;

-- @id cartesian-orders-customers
-- @title Orders of the last two days with customer details (join condition forgotten)
-- @category cartesian
-- @why No join condition between orders and customers: every recent order pairs with every customer.
SELECT count(*) AS pairs, sum(o.total_amount) AS inflated_revenue
FROM retail.orders o, retail.customers c
WHERE o.order_date >= current_date - 2;

-- @id cartesian-catalogue
-- @title Every category, product and store combination
-- @category cartesian
-- @why Four tables in FROM with no join condition: categories × products × stores × some product types.
SELECT c.name, count(*) AS combinations, sum(p.price) AS total_price
FROM retail.categories c, retail.products p, retail.stores s, retail.product_types t
WHERE t.name LIKE 'S%'
GROUP BY c.name
ORDER BY combinations DESC;

-- @id cartesian-lines-week
-- @title Last week's order lines against last week's orders (join forgotten)
-- @category cartesian
-- @why order_items and orders are both filtered to a week but never joined to each other.
SELECT count(*) AS pairs, sum(oi.quantity) AS units
FROM retail.orders o, retail.order_items oi
WHERE o.order_date >= current_date - 3 AND oi.unit_price > 200;

-- @id sort-all-order-lines
-- @title All order lines, most valuable first
-- @category unbounded-sort
-- @why ORDER BY on an unindexed expression over every order line: the whole table is sorted (on disk) before the first row.
SELECT oi.order_id, oi.product_id, oi.quantity, oi.line_total
FROM retail.order_items oi
ORDER BY oi.line_total * (1 + oi.discount_percent) DESC, oi.order_item_id;

-- @id sort-orders-by-customer-name
-- @title Every order with its customer, sorted by name
-- @category unbounded-sort
-- @why Joins all orders to customers and sorts the full result by customer name.
SELECT c.last_name, c.first_name, o.order_date, o.total_amount, o.status
FROM retail.orders o JOIN retail.customers c ON c.customer_id = o.customer_id
ORDER BY c.last_name, c.first_name, o.order_date, o.order_id;

-- @id json-all-lines
-- @title All order lines as one JSON document
-- @category huge-result
-- @why Builds one JSON value holding every order line before the first byte is returned.
SELECT json_agg(json_build_object('order', oi.order_id, 'product', oi.product_id, 'qty', oi.quantity,
                                  'total', oi.line_total)) AS lines
FROM retail.order_items oi;

-- @id distinct-all-lines
-- @title Every distinct order line with product and order details
-- @category huge-result
-- @why DISTINCT over the full join of order lines, orders and products materialises and sorts the whole result.
SELECT DISTINCT o.order_date, o.status, p.name, p.brand, oi.quantity, oi.unit_price, oi.line_total
FROM retail.order_items oi
JOIN retail.orders o ON o.order_id = oi.order_id
JOIN retail.products p ON p.product_id = oi.product_id;

-- @id regex-descriptions-per-line
-- @title Recent order lines whose product description mentions a tool and a number
-- @category expensive-regex
-- @why A case-insensitive regex with alternations runs once per order line of three months on the joined description.
SELECT count(*) AS lines
FROM retail.order_items oi
JOIN retail.orders o ON o.order_id = oi.order_id AND o.store_id = oi.store_id
JOIN retail.products p ON p.product_id = oi.product_id
WHERE o.order_date >= current_date - 90
  AND p.description || ' ' || oi.quantity::text ~* '(\w+\s+){2,}(drill|saw|paint|hose|light|sealant)s?\M.*(\d+)\s*$';

-- @id regex-rewrite-descriptions
-- @title Vowel-free product descriptions weighted by sales
-- @category expensive-regex
-- @why regexp_replace with a global flag rewrites the description text of every order line of two months.
SELECT p.brand, sum(length(regexp_replace(p.description || oi.order_item_id::text, '[aeiou]+([^aeiou]+)', '\1', 'gi'))) AS letters
FROM retail.order_items oi
JOIN retail.orders o ON o.order_id = oi.order_id AND o.store_id = oi.store_id
JOIN retail.products p ON p.product_id = oi.product_id
WHERE o.order_date >= current_date - 60
GROUP BY p.brand
ORDER BY letters DESC
LIMIT 10;
