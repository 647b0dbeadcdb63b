/**
 * Every table the seed writes, in load (foreign-key) order, with the columns of its CSV, and the
 * only SQL the seed runs: one COPY per table, an emptiness check and ANALYZE.
 */
export const SEED_TABLES = [
  { table: 'retail.regions', columns: ['region_id', 'name'] },
  {
    table: 'retail.stores',
    columns: ['store_id', 'region_id', 'name', 'city', 'address', 'manager_name', 'is_online', 'opened_on'],
  },
  { table: 'retail.categories', columns: ['category_id', 'name'] },
  { table: 'retail.product_types', columns: ['product_type_id', 'category_id', 'name'] },
  {
    table: 'retail.products',
    columns: [
      'product_id',
      'sku',
      'name',
      'brand',
      'description',
      'category_id',
      'product_type_id',
      'price',
      'cost',
    ],
  },
  {
    table: 'retail.inventory',
    columns: ['inventory_id', 'store_id', 'product_id', 'quantity_on_hand', 'reorder_level'],
  },
  {
    table: 'retail.customers',
    columns: ['customer_id', 'store_id', 'first_name', 'last_name', 'email', 'joined_on'],
  },
  {
    table: 'retail.orders',
    columns: ['order_id', 'store_id', 'customer_id', 'order_date', 'status', 'total_amount'],
  },
  {
    table: 'retail.order_items',
    columns: [
      'order_item_id',
      'order_id',
      'store_id',
      'product_id',
      'quantity',
      'unit_price',
      'discount_percent',
      'line_total',
    ],
  },
  { table: 'tenancy.users', columns: ['rls_user_id', 'display_name', 'email', 'kind'] },
  { table: 'tenancy.store_managers', columns: ['rls_user_id', 'store_id'] },
  { table: 'tenancy.regional_managers', columns: ['rls_user_id', 'region_id'] },
] as const

export type SeedTable = (typeof SEED_TABLES)[number]['table']

/** `COPY t (cols) FROM {source} WITH (FORMAT csv)`; `Connection.copyFrom` fills in `{source}`. */
export function copyStatement(table: SeedTable): string {
  const spec = SEED_TABLES.find((t) => t.table === table)!
  return `COPY ${spec.table} (${spec.columns.join(', ')}) FROM {source} WITH (FORMAT csv)`
}

/** One row per seeded table that already has rows (`table_name`). */
export const NON_EMPTY_TABLES_SQL = SEED_TABLES.map(
  ({ table }) => `SELECT '${table}' AS table_name WHERE EXISTS (SELECT 1 FROM ${table})`,
).join('\nUNION ALL\n')

export const ANALYZE_SQL = `ANALYZE ${SEED_TABLES.map((t) => t.table).join(', ')}`
