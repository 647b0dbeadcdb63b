import { ref, type Table } from './sql-template.ts'

/**
 * What generated analytics SQL may say about the retail schema: columns by kind, the joins an
 * analyst writes, and menus of expressions, predicates, aggregates and window functions. Every
 * entry is deterministic (same rows → same result), so the tenant's and the oracle's results can
 * be compared exactly: no random(), no now(), no LIMIT or row_number() without a total order.
 */
export type ColumnKind = 'id' | 'store' | 'date' | 'status' | 'money' | 'count' | 'text' | 'bool'

export interface TableDef {
  pk: string
  prefix: string
  columns: Readonly<Record<string, ColumnKind>>
}

export const TABLE_DEFS: Readonly<Record<Table, TableDef>> = {
  stores: {
    pk: 'store_id',
    prefix: 's',
    columns: {
      store_id: 'store',
      region_id: 'id',
      name: 'text',
      city: 'text',
      is_online: 'bool',
      opened_on: 'date',
    },
  },
  customers: {
    pk: 'customer_id',
    prefix: 'c',
    columns: {
      customer_id: 'id',
      store_id: 'store',
      first_name: 'text',
      last_name: 'text',
      joined_on: 'date',
    },
  },
  orders: {
    pk: 'order_id',
    prefix: 'o',
    columns: {
      order_id: 'id',
      store_id: 'store',
      customer_id: 'id',
      order_date: 'date',
      status: 'status',
      total_amount: 'money',
    },
  },
  order_items: {
    pk: 'order_item_id',
    prefix: 'oi',
    columns: {
      order_item_id: 'id',
      order_id: 'id',
      store_id: 'store',
      product_id: 'id',
      quantity: 'count',
      unit_price: 'money',
      discount_percent: 'money',
      line_total: 'money',
    },
  },
  inventory: {
    pk: 'inventory_id',
    prefix: 'inv',
    columns: {
      inventory_id: 'id',
      store_id: 'store',
      product_id: 'id',
      quantity_on_hand: 'count',
      reorder_level: 'count',
    },
  },
  products: {
    pk: 'product_id',
    prefix: 'p',
    columns: {
      product_id: 'id',
      name: 'text',
      brand: 'text',
      category_id: 'id',
      product_type_id: 'id',
      price: 'money',
      cost: 'money',
      is_active: 'bool',
    },
  },
  categories: { pk: 'category_id', prefix: 'cat', columns: { category_id: 'id', name: 'text' } },
  product_types: {
    pk: 'product_type_id',
    prefix: 'pt',
    columns: { product_type_id: 'id', category_id: 'id', name: 'text' },
  },
  regions: { pk: 'region_id', prefix: 'r', columns: { region_id: 'id', name: 'text' } },
}

export interface Edge {
  from: Table
  to: Table
  on: (a: string, b: string) => string
  /** May be a LEFT JOIN (the joined side can be missing). */
  outer: boolean
  /**
   * One row on the left meets many on the right ('many'), or rows of other stores with equal
   * values ('cross-store'); otherwise many rows on the left meet one on the right. Generated FROMs
   * give every alias at most one 'many' side and use one cross-store edge at most, so joins
   * never multiply into a cartesian product.
   */
  fan?: 'many' | 'cross-store'
}

const same =
  (...columns: string[]) =>
  (a: string, b: string) =>
    columns.map((c) => `${b}.${c} = ${a}.${c}`).join(' AND ')

/** Joins an analyst writes, including self-joins that pair rows of different stores. */
export const EDGES: readonly Edge[] = [
  { from: 'orders', to: 'order_items', on: same('order_id', 'store_id'), outer: true, fan: 'many' },
  { from: 'order_items', to: 'orders', on: same('order_id', 'store_id'), outer: false },
  { from: 'orders', to: 'customers', on: same('customer_id'), outer: false },
  { from: 'customers', to: 'orders', on: same('customer_id'), outer: true, fan: 'many' },
  { from: 'orders', to: 'stores', on: same('store_id'), outer: false },
  { from: 'customers', to: 'stores', on: same('store_id'), outer: false },
  { from: 'inventory', to: 'stores', on: same('store_id'), outer: false },
  { from: 'order_items', to: 'stores', on: same('store_id'), outer: false },
  { from: 'stores', to: 'orders', on: same('store_id'), outer: true, fan: 'many' },
  { from: 'stores', to: 'customers', on: same('store_id'), outer: true, fan: 'many' },
  { from: 'stores', to: 'inventory', on: same('store_id'), outer: true, fan: 'many' },
  { from: 'stores', to: 'regions', on: same('region_id'), outer: false },
  { from: 'regions', to: 'stores', on: same('region_id'), outer: true, fan: 'many' },
  { from: 'order_items', to: 'products', on: same('product_id'), outer: false },
  { from: 'inventory', to: 'products', on: same('product_id'), outer: false },
  { from: 'products', to: 'categories', on: same('category_id'), outer: false },
  { from: 'products', to: 'product_types', on: same('product_type_id'), outer: false },
  { from: 'products', to: 'inventory', on: same('product_id'), outer: true, fan: 'many' },
  { from: 'products', to: 'order_items', on: same('product_id'), outer: true, fan: 'many' },
  {
    from: 'orders',
    to: 'orders',
    on: (a, b) =>
      `${b}.total_amount = ${a}.total_amount AND ${b}.order_date = ${a}.order_date AND ${b}.store_id <> ${a}.store_id`,
    outer: true,
    fan: 'cross-store',
  },
  {
    from: 'inventory',
    to: 'inventory',
    on: (a, b) =>
      `${b}.product_id = ${a}.product_id AND ${b}.quantity_on_hand = ${a}.quantity_on_hand AND ${b}.store_id <> ${a}.store_id`,
    outer: true,
    fan: 'cross-store',
  },
  {
    from: 'customers',
    to: 'customers',
    on: (a, b) =>
      `${b}.last_name = ${a}.last_name AND ${b}.first_name = ${a}.first_name AND ${b}.store_id <> ${a}.store_id`,
    outer: true,
    fan: 'cross-store',
  },
]

/** Grouping keys with few distinct values (bounded by stores × a small number). */
export const GROUP_KEYS: Readonly<Partial<Record<Table, readonly ((a: string) => string)[]>>> = {
  stores: [(a) => `${a}.store_id`, (a) => `${a}.is_online`, (a) => `${a}.name`, (a) => `${a}.region_id`],
  customers: [(a) => `${a}.store_id`, (a) => `extract(year FROM ${a}.joined_on)::int`],
  orders: [
    (a) => `${a}.store_id`,
    (a) => `${a}.status`,
    (a) => `extract(year FROM ${a}.order_date)::int`,
    (a) => `date_trunc('month', ${a}.order_date::timestamp)::date`,
    (a) => `extract(isodow FROM ${a}.order_date)::int`,
  ],
  order_items: [(a) => `${a}.store_id`, (a) => `${a}.quantity`, (a) => `(${a}.discount_percent > 0)`],
  inventory: [(a) => `${a}.store_id`, (a) => `(${a}.quantity_on_hand <= ${a}.reorder_level)`],
  products: [(a) => `${a}.is_active`, (a) => `${a}.category_id`],
  categories: [(a) => `${a}.name`],
  product_types: [(a) => `${a}.category_id`],
  regions: [(a) => `${a}.name`],
}

/** Projections of one column, by kind (the plain column is always an option too). */
export const PROJECTIONS: Readonly<Record<ColumnKind, readonly ((c: string) => string)[]>> = {
  id: [(c) => c, (c) => `left(${c}::text, 8)`],
  store: [(c) => c, (c) => `${c}::text`],
  date: [
    (c) => c,
    (c) => `date_trunc('month', ${c}::timestamp)::date`,
    (c) => `extract(year FROM ${c})::int`,
    (c) => `to_char(${c}, 'YYYY-MM')`,
    (c) => `${c} + 7`,
  ],
  status: [(c) => c, (c) => `CASE WHEN ${c} IN ('completed', 'shipped') THEN 'sale' ELSE 'other' END`],
  money: [
    (c) => c,
    (c) => `round(${c} * 1.1, 2)`,
    (c) => `width_bucket(${c}, 0, 1000, 10)`,
    (c) => `${c}::int`,
  ],
  count: [(c) => c, (c) => `${c} * 2`, (c) => `greatest(${c}, 5)`],
  text: [(c) => c, (c) => `upper(${c})`, (c) => `left(${c}, 3)`, (c) => `length(${c})`],
  bool: [(c) => c, (c) => `NOT ${c}`, (c) => `CASE WHEN ${c} THEN 1 ELSE 0 END`],
}

/** Aggregates over one column, by kind. */
export const AGGREGATES: Readonly<Record<ColumnKind, readonly ((c: string) => string)[]>> = {
  id: [(c) => `count(DISTINCT ${c})`, (c) => `count(${c})`],
  store: [
    (c) => `count(DISTINCT ${c})`,
    (c) => `array_agg(DISTINCT ${c} ORDER BY ${c})::text[]`,
    (c) => `min(${c}::text)`,
  ],
  date: [(c) => `min(${c})`, (c) => `max(${c})`, (c) => `count(DISTINCT ${c})`],
  status: [
    (c) => `count(*) FILTER (WHERE ${c} = 'returned')`,
    (c) => `string_agg(DISTINCT ${c}, ',' ORDER BY ${c})`,
  ],
  money: [
    (c) => `sum(${c})`,
    (c) => `round(avg(${c}), 4)`,
    (c) => `min(${c})`,
    (c) => `max(${c})`,
    (c) => `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${c})`,
  ],
  count: [(c) => `sum(${c})`, (c) => `max(${c})`, (c) => `round(avg(${c}), 4)`],
  text: [(c) => `min(${c})`, (c) => `count(DISTINCT ${c})`],
  bool: [(c) => `bool_or(${c})`, (c) => `count(*) FILTER (WHERE ${c})`],
}

/** Scalar subqueries for a select list, applicable when a column of that name is in scope. */
export const SCALAR_SUBQUERIES: readonly { needs?: string; sql: (col: string, sq: string) => string }[] = [
  { sql: (_, sq) => `(SELECT count(*) FROM ${ref('orders')} ${sq})` },
  { sql: (_, sq) => `(SELECT max(${sq}.total_amount) FROM ${ref('orders')} ${sq})` },
  { sql: (_, sq) => `(SELECT count(DISTINCT ${sq}.store_id) FROM ${ref('inventory')} ${sq})` },
  {
    needs: 'order_id',
    sql: (c, sq) => `(SELECT count(*) FROM ${ref('order_items')} ${sq} WHERE ${sq}.order_id = ${c})`,
  },
  {
    needs: 'product_id',
    sql: (c, sq) =>
      `(SELECT coalesce(sum(${sq}.quantity_on_hand), 0) FROM ${ref('inventory')} ${sq} WHERE ${sq}.product_id = ${c})`,
  },
  {
    needs: 'customer_id',
    sql: (c, sq) =>
      `(SELECT max(${sq}.order_date) FROM ${ref('orders')} ${sq} WHERE ${sq}.customer_id = ${c})`,
  },
  {
    needs: 'store_id',
    sql: (c, sq) => `(SELECT count(*) FROM ${ref('customers')} ${sq} WHERE ${sq}.store_id = ${c})`,
  },
]

/** Predicates with a subquery over tenant tables, applicable when a column of that name is in scope. */
export const SUBQUERY_PREDICATES: readonly {
  needs: string
  sql: (col: string, sq: string, n: number) => string
}[] = [
  {
    needs: 'order_id',
    sql: (c, sq, n) =>
      `EXISTS (SELECT 1 FROM ${ref('order_items')} ${sq} WHERE ${sq}.order_id = ${c} AND ${sq}.quantity >= ${1 + (n % 4)})`,
  },
  {
    needs: 'customer_id',
    sql: (c, sq) =>
      `${c} IN (SELECT ${sq}.customer_id FROM ${ref('orders')} ${sq} WHERE ${sq}.status = 'returned')`,
  },
  {
    needs: 'customer_id',
    sql: (c, sq) => `NOT EXISTS (SELECT 1 FROM ${ref('orders')} ${sq} WHERE ${sq}.customer_id = ${c})`,
  },
  {
    needs: 'product_id',
    sql: (c, sq) =>
      `${c} IN (SELECT ${sq}.product_id FROM ${ref('inventory')} ${sq} WHERE ${sq}.quantity_on_hand <= ${sq}.reorder_level)`,
  },
  {
    needs: 'product_id',
    sql: (c, sq, n) =>
      `${c} IN (SELECT ${sq}.product_id FROM ${ref('order_items')} ${sq} WHERE ${sq}.quantity >= ${1 + (n % 5)})`,
  },
  {
    needs: 'total_amount',
    sql: (c, sq) => `${c} > (SELECT avg(${sq}.total_amount) FROM ${ref('orders')} ${sq})`,
  },
  {
    needs: 'store_id',
    sql: (c, sq, n) =>
      `${c} IN (SELECT ${sq}.store_id FROM ${ref('stores')} ${sq} WHERE ${sq}.is_online = ${n % 2 === 0})`,
  },
  {
    needs: 'store_id',
    sql: (c, sq, n) =>
      `${c} IN (SELECT ${sq}.store_id FROM ${ref('customers')} ${sq} GROUP BY ${sq}.store_id HAVING count(*) > ${n % 50})`,
  },
]

export const STATUSES = ['completed', 'shipped', 'pending', 'cancelled', 'returned'] as const
export const MONEY_THRESHOLDS = [0, 5, 20, 50, 100, 250, 500, 1000] as const
export const COUNT_THRESHOLDS = [0, 1, 2, 3, 5, 10, 25, 100] as const
export const LIMITS = [1, 3, 10, 25, 50, 100] as const
