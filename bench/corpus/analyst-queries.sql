-- Realistic analyst queries, as an assistant writes them for execute_sales_query after reading the
-- table schemas. Row Level Security scopes every one to the caller's stores, so the same text is a
-- small query for a store manager and a chain-wide one for head office.
--
-- Each query starts with header comments: @id (kebab-case, unique), @title, @tags. Tags used by the
-- shipped workloads:
--   lookup  answers from a few rows or a small table (indexed filters, short periods, small catalogues)
--   report  aggregates one period (a week to a year) of orders, the bread and butter of a manager
--   heavy   scans the whole order history or joins every order line (rankings, cohorts, percentiles)
-- Add a query: give it a new @id and the tags that fit; `bun run bench sql-guard --quick` checks that
-- the guard accepts it and shows what it costs.

-- @id sales-yesterday
-- @title Orders and revenue yesterday
-- @tags lookup
SELECT count(*) AS orders, coalesce(sum(total_amount), 0) AS revenue
FROM retail.orders
WHERE order_date = current_date - 1 AND status IN ('completed', 'shipped');

-- @id store-directory
-- @title Stores I can see, with their region
-- @tags lookup
SELECT s.name, s.city, r.name AS region, s.is_online, s.opened_on
FROM retail.stores s JOIN retail.regions r ON r.region_id = s.region_id
ORDER BY r.name, s.name;

-- @id low-stock
-- @title Products below their reorder level
-- @tags lookup
SELECT s.name AS store, p.sku, p.name AS product, i.quantity_on_hand, i.reorder_level
FROM retail.inventory i
JOIN retail.products p ON p.product_id = i.product_id
JOIN retail.stores s ON s.store_id = i.store_id
WHERE i.quantity_on_hand < i.reorder_level
ORDER BY i.quantity_on_hand, p.name
LIMIT 25;

-- @id product-price-check
-- @title Price and margin of cordless drills
-- @tags lookup
SELECT sku, name, brand, price, cost, round(100 * (price - cost) / NULLIF(price, 0), 1) AS margin_pct
FROM retail.products
WHERE name ILIKE '%drill%' AND is_active
ORDER BY price
LIMIT 20;

-- @id recent-orders
-- @title The last week's biggest orders
-- @tags lookup
SELECT o.order_date, s.name AS store, o.status, o.total_amount
FROM retail.orders o JOIN retail.stores s ON s.store_id = o.store_id
WHERE o.order_date >= current_date - 7
ORDER BY o.total_amount DESC
LIMIT 20;

-- @id order-status-month
-- @title Order statuses over the last 30 days
-- @tags lookup
SELECT status, count(*) AS orders, round(sum(total_amount), 2) AS amount
FROM retail.orders
WHERE order_date >= current_date - 30
GROUP BY status
ORDER BY orders DESC;

-- @id category-catalogue
-- @title Active products and average price per category
-- @tags lookup
SELECT c.name AS category, count(*) AS products, round(avg(p.price), 2) AS average_price
FROM retail.products p JOIN retail.categories c ON c.category_id = p.category_id
WHERE p.is_active
GROUP BY c.name
ORDER BY products DESC;

-- @id customers-per-store
-- @title Registered customers per store
-- @tags lookup
SELECT s.name AS store, count(*) AS customers, max(c.joined_on) AS latest_signup
FROM retail.customers c JOIN retail.stores s ON s.store_id = c.store_id
GROUP BY s.name
ORDER BY customers DESC;

-- @id monthly-revenue
-- @title Monthly revenue over the last twelve months
-- @tags report trend
SELECT date_trunc('month', order_date)::date AS month, count(*) AS orders, round(sum(total_amount), 2) AS revenue
FROM retail.orders
WHERE order_date >= date_trunc('month', current_date) - interval '12 months'
  AND status IN ('completed', 'shipped')
GROUP BY 1
ORDER BY 1;

-- @id weekly-revenue-by-store
-- @title Weekly revenue per store this quarter
-- @tags report trend
SELECT s.name AS store, date_trunc('week', o.order_date)::date AS week, round(sum(o.total_amount), 2) AS revenue
FROM retail.orders o JOIN retail.stores s ON s.store_id = o.store_id
WHERE o.order_date >= date_trunc('quarter', current_date) AND o.status IN ('completed', 'shipped')
GROUP BY s.name, week
ORDER BY s.name, week;

-- @id top-products-30-days
-- @title Ten best sellers of the last 30 days
-- @tags report
SELECT p.name, p.brand, sum(oi.quantity) AS units, round(sum(oi.line_total), 2) AS revenue
FROM retail.order_items oi
JOIN retail.orders o ON o.order_id = oi.order_id AND o.store_id = oi.store_id
JOIN retail.products p ON p.product_id = oi.product_id
WHERE o.order_date >= current_date - 30 AND o.status IN ('completed', 'shipped')
GROUP BY p.product_id, p.name, p.brand
ORDER BY revenue DESC
LIMIT 10;

-- @id category-quarter-vs-previous
-- @title Revenue per category, last quarter against the one before
-- @tags report
WITH bounds AS (
  SELECT date_trunc('quarter', current_date) - interval '3 months' AS last_q,
         date_trunc('quarter', current_date) - interval '6 months' AS prev_q,
         date_trunc('quarter', current_date) AS this_q
)
SELECT c.name AS category,
       round(sum(oi.line_total) FILTER (WHERE o.order_date >= b.last_q), 2) AS last_quarter,
       round(sum(oi.line_total) FILTER (WHERE o.order_date < b.last_q), 2) AS previous_quarter
FROM retail.order_items oi
JOIN retail.orders o ON o.order_id = oi.order_id AND o.store_id = oi.store_id
JOIN retail.products p ON p.product_id = oi.product_id
JOIN retail.categories c ON c.category_id = p.category_id
CROSS JOIN bounds b
WHERE o.order_date >= b.prev_q AND o.order_date < b.this_q AND o.status IN ('completed', 'shipped')
GROUP BY c.name
ORDER BY last_quarter DESC NULLS LAST;

-- @id basket-by-store-last-month
-- @title Average basket and orders per store last month
-- @tags report
SELECT s.name AS store, count(*) AS orders, round(avg(o.total_amount), 2) AS average_basket
FROM retail.orders o JOIN retail.stores s ON s.store_id = o.store_id
WHERE o.order_date >= date_trunc('month', current_date) - interval '1 month'
  AND o.order_date < date_trunc('month', current_date)
  AND o.status IN ('completed', 'shipped')
GROUP BY s.name
ORDER BY average_basket DESC;

-- @id weekday-pattern
-- @title Sales by day of week over the last 90 days
-- @tags report
SELECT to_char(order_date, 'Dy') AS weekday, extract(isodow FROM order_date) AS day_number,
       count(*) AS orders, round(avg(total_amount), 2) AS average_basket
FROM retail.orders
WHERE order_date >= current_date - 90 AND status IN ('completed', 'shipped')
GROUP BY 1, 2
ORDER BY 2;

-- @id discount-impact-ytd
-- @title How much discounts cost this year, by discount band
-- @tags report
SELECT width_bucket(oi.discount_percent, 0, 50, 5) AS band,
       min(oi.discount_percent) AS from_pct, max(oi.discount_percent) AS to_pct,
       count(*) AS lines,
       round(sum(oi.quantity * oi.unit_price - oi.line_total), 2) AS discount_given
FROM retail.order_items oi
JOIN retail.orders o ON o.order_id = oi.order_id AND o.store_id = oi.store_id
WHERE o.order_date >= date_trunc('year', current_date)
GROUP BY band
ORDER BY band;

-- @id new-customers-per-month
-- @title New customer sign-ups per month this year and last
-- @tags report trend
SELECT date_trunc('month', joined_on)::date AS month, count(*) AS new_customers
FROM retail.customers
WHERE joined_on >= date_trunc('year', current_date) - interval '1 year'
GROUP BY 1
ORDER BY 1;

-- @id returns-by-category
-- @title Return rate per category over the last six months
-- @tags report
SELECT c.name AS category,
       count(DISTINCT o.order_id) FILTER (WHERE o.status = 'returned') AS returned_orders,
       count(DISTINCT o.order_id) AS orders,
       round(100.0 * count(DISTINCT o.order_id) FILTER (WHERE o.status = 'returned')
             / NULLIF(count(DISTINCT o.order_id), 0), 2) AS return_rate_pct
FROM retail.orders o
JOIN retail.order_items oi ON oi.order_id = o.order_id AND oi.store_id = o.store_id
JOIN retail.products p ON p.product_id = oi.product_id
JOIN retail.categories c ON c.category_id = p.category_id
WHERE o.order_date >= current_date - interval '6 months'
GROUP BY c.name
ORDER BY return_rate_pct DESC;

-- @id same-month-last-year
-- @title This month so far against the same days last year, per store
-- @tags report
SELECT s.name AS store,
       round(sum(o.total_amount) FILTER (WHERE o.order_date >= date_trunc('month', current_date)), 2) AS this_year,
       round(sum(o.total_amount) FILTER (WHERE o.order_date < date_trunc('month', current_date)), 2) AS last_year
FROM retail.orders o JOIN retail.stores s ON s.store_id = o.store_id
WHERE o.status IN ('completed', 'shipped')
  AND ((o.order_date >= date_trunc('month', current_date) AND o.order_date <= current_date)
    OR (o.order_date >= date_trunc('month', current_date) - interval '1 year'
        AND o.order_date <= current_date - interval '1 year'))
GROUP BY s.name
ORDER BY s.name;

-- @id brand-margin-ytd
-- @title Gross margin per brand this year
-- @tags report
SELECT p.brand, round(sum(oi.line_total), 2) AS revenue,
       round(sum(oi.line_total - oi.quantity * p.cost), 2) AS gross_margin,
       round(100 * sum(oi.line_total - oi.quantity * p.cost) / NULLIF(sum(oi.line_total), 0), 1) AS margin_pct
FROM retail.order_items oi
JOIN retail.orders o ON o.order_id = oi.order_id AND o.store_id = oi.store_id
JOIN retail.products p ON p.product_id = oi.product_id
WHERE o.order_date >= date_trunc('year', current_date) AND o.status IN ('completed', 'shipped')
GROUP BY p.brand
ORDER BY gross_margin DESC
LIMIT 15;

-- @id daily-calendar-30-days
-- @title Revenue for each of the last 30 days, zero on closed days
-- @tags report
SELECT day::date AS day, coalesce(round(sum(o.total_amount), 2), 0) AS revenue, count(o.order_id) AS orders
FROM generate_series(current_date - 29, current_date, interval '1 day') AS day
LEFT JOIN retail.orders o ON o.order_date = day::date AND o.status IN ('completed', 'shipped')
GROUP BY day
ORDER BY day;

-- @id stock-value-by-category
-- @title Stock on hand at cost, per category
-- @tags report
SELECT c.name AS category, sum(i.quantity_on_hand) AS units, round(sum(i.quantity_on_hand * p.cost), 2) AS stock_value
FROM retail.inventory i
JOIN retail.products p ON p.product_id = i.product_id
JOIN retail.categories c ON c.category_id = p.category_id
GROUP BY c.name
ORDER BY stock_value DESC;

-- @id repeat-customers-quarter
-- @title Customers who ordered more than once last quarter
-- @tags report
SELECT count(*) FILTER (WHERE orders > 1) AS repeat_customers, count(*) AS customers,
       round(100.0 * count(*) FILTER (WHERE orders > 1) / NULLIF(count(*), 0), 1) AS repeat_pct
FROM (
  SELECT customer_id, count(*) AS orders
  FROM retail.orders
  WHERE order_date >= date_trunc('quarter', current_date) - interval '3 months'
    AND order_date < date_trunc('quarter', current_date)
    AND status IN ('completed', 'shipped')
  GROUP BY customer_id
) per_customer;

-- @id top-products-per-store
-- @title Five best sellers of each store over all time
-- @tags heavy ranking
WITH ranked AS (
  SELECT s.name AS store, p.name AS product, sum(oi.line_total) AS revenue,
         rank() OVER (PARTITION BY s.store_id ORDER BY sum(oi.line_total) DESC) AS position
  FROM retail.order_items oi
  JOIN retail.stores s ON s.store_id = oi.store_id
  JOIN retail.products p ON p.product_id = oi.product_id
  GROUP BY s.store_id, s.name, p.name
)
SELECT store, product, round(revenue, 2) AS revenue FROM ranked WHERE position <= 5 ORDER BY store, position;

-- @id yearly-growth
-- @title Revenue per year with growth against the year before
-- @tags heavy trend
WITH yearly AS (
  SELECT extract(year FROM order_date)::int AS year, sum(total_amount) AS revenue
  FROM retail.orders WHERE status IN ('completed', 'shipped') GROUP BY 1
)
SELECT year, round(revenue, 2) AS revenue,
       round(100.0 * (revenue - lag(revenue) OVER (ORDER BY year)) / NULLIF(lag(revenue) OVER (ORDER BY year), 0), 1) AS growth_pct
FROM yearly ORDER BY year;

-- @id category-share-12-months
-- @title Each category's share of revenue over the last twelve months
-- @tags heavy
WITH lines AS (
  SELECT oi.product_id, oi.line_total FROM retail.order_items oi
  JOIN retail.orders o ON o.order_id = oi.order_id AND o.store_id = oi.store_id
  WHERE o.order_date >= current_date - interval '12 months' AND o.status IN ('completed', 'shipped')
), by_category AS (
  SELECT c.name AS category, sum(l.line_total) AS revenue
  FROM lines l JOIN retail.products p ON p.product_id = l.product_id
  JOIN retail.categories c ON c.category_id = p.category_id
  GROUP BY c.name
)
SELECT category, round(revenue, 2) AS revenue, round(100 * revenue / sum(revenue) OVER (), 2) AS share_pct
FROM by_category ORDER BY revenue DESC;

-- @id basket-percentiles
-- @title Median and 90th percentile basket per store
-- @tags heavy
SELECT s.name AS store,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY o.total_amount) AS median_basket,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY o.total_amount) AS p90_basket
FROM retail.orders o JOIN retail.stores s ON s.store_id = o.store_id
WHERE o.status IN ('completed', 'shipped')
GROUP BY s.name
ORDER BY median_basket DESC;

-- @id customer-value-quartiles
-- @title Customers split into quartiles by lifetime spend
-- @tags heavy
WITH spend AS (
  SELECT customer_id, sum(total_amount) AS total FROM retail.orders
  WHERE status IN ('completed', 'shipped') GROUP BY customer_id
), quartiles AS (
  SELECT total, ntile(4) OVER (ORDER BY total) AS quartile FROM spend
)
SELECT quartile, count(*) AS customers, round(min(total), 2) AS from_amount, round(max(total), 2) AS to_amount,
       round(sum(total), 2) AS revenue
FROM quartiles GROUP BY quartile ORDER BY quartile;

-- @id region-store-rollup
-- @title Revenue by region and store with subtotals, this year
-- @tags heavy
SELECT coalesce(r.name, 'All regions') AS region, coalesce(s.name, 'All stores') AS store,
       round(sum(o.total_amount), 2) AS revenue
FROM retail.orders o
JOIN retail.stores s ON s.store_id = o.store_id
JOIN retail.regions r ON r.region_id = s.region_id
WHERE o.order_date >= date_trunc('year', current_date) AND o.status IN ('completed', 'shipped')
GROUP BY ROLLUP (r.name, s.name)
ORDER BY r.name NULLS LAST, s.name NULLS LAST;

-- @id latest-order-per-customer
-- @title Each customer's latest order (who has gone quiet)
-- @tags heavy
SELECT DISTINCT ON (o.customer_id) o.customer_id, c.first_name, c.last_name, o.order_date, o.total_amount
FROM retail.orders o JOIN retail.customers c ON c.customer_id = o.customer_id
ORDER BY o.customer_id, o.order_date DESC
LIMIT 100;

-- @id running-revenue-by-store
-- @title Running total of daily revenue per store this year
-- @tags heavy trend
WITH daily AS (
  SELECT store_id, order_date, sum(total_amount) AS revenue
  FROM retail.orders
  WHERE order_date >= date_trunc('year', current_date) AND status IN ('completed', 'shipped')
  GROUP BY store_id, order_date
)
SELECT s.name AS store, d.order_date, round(d.revenue, 2) AS revenue,
       round(sum(d.revenue) OVER (PARTITION BY d.store_id ORDER BY d.order_date), 2) AS running_total
FROM daily d JOIN retail.stores s ON s.store_id = d.store_id
ORDER BY s.name, d.order_date;

-- @id bought-together
-- @title Product pairs most often bought together in the last 90 days
-- @tags heavy
SELECT pa.name AS product, pb.name AS bought_with, count(*) AS orders
FROM retail.order_items a
JOIN retail.order_items b ON b.order_id = a.order_id AND b.product_id > a.product_id
JOIN retail.orders o ON o.order_id = a.order_id AND o.store_id = a.store_id
JOIN retail.products pa ON pa.product_id = a.product_id
JOIN retail.products pb ON pb.product_id = b.product_id
WHERE o.order_date >= current_date - 90
GROUP BY pa.name, pb.name
ORDER BY orders DESC
LIMIT 20;

-- @id margin-by-product-type
-- @title Gross margin per product type over all time
-- @tags heavy
SELECT c.name AS category, pt.name AS product_type, round(sum(oi.line_total), 2) AS revenue,
       round(100 * sum(oi.line_total - oi.quantity * p.cost) / NULLIF(sum(oi.line_total), 0), 1) AS margin_pct
FROM retail.order_items oi
JOIN retail.products p ON p.product_id = oi.product_id
JOIN retail.product_types pt ON pt.product_type_id = p.product_type_id
JOIN retail.categories c ON c.category_id = p.category_id
GROUP BY c.name, pt.name
ORDER BY revenue DESC
LIMIT 30;

-- @id signup-cohorts
-- @title Share of each sign-up quarter's customers who ordered in each later quarter
-- @tags heavy
WITH cohorts AS (
  SELECT customer_id, date_trunc('quarter', joined_on)::date AS cohort FROM retail.customers
), activity AS (
  SELECT DISTINCT o.customer_id, date_trunc('quarter', o.order_date)::date AS active_quarter
  FROM retail.orders o WHERE o.status IN ('completed', 'shipped')
)
SELECT c.cohort, a.active_quarter, count(DISTINCT a.customer_id) AS active_customers,
       round(100.0 * count(DISTINCT a.customer_id) / NULLIF((SELECT count(*) FROM cohorts c2 WHERE c2.cohort = c.cohort), 0), 1) AS active_pct
FROM cohorts c JOIN activity a ON a.customer_id = c.customer_id AND a.active_quarter >= c.cohort
GROUP BY c.cohort, a.active_quarter
ORDER BY c.cohort, a.active_quarter;
