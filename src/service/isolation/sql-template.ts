/**
 * Generated queries name tables as ⟦orders⟧ and render twice: for the tenant as the plain table
 * (RLS decides), for the oracle as that table filtered to the tenant's expected stores. RLS adds
 * exactly such a filter to every scan of a tenant table, so the two results must be equal.
 */
export const TENANT_TABLES = ['stores', 'customers', 'orders', 'order_items', 'inventory'] as const
export const CATALOGUE_TABLES = ['products', 'categories', 'regions', 'product_types'] as const

export type TenantTable = (typeof TENANT_TABLES)[number]
export type CatalogueTable = (typeof CATALOGUE_TABLES)[number]
export type Table = TenantTable | CatalogueTable

const MARKER = /⟦([a-z_]+)⟧/g
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const ref = (table: Table) => `⟦${table}⟧`

const isTenantTable = (name: string): name is TenantTable =>
  (TENANT_TABLES as readonly string[]).includes(name)

/** The SQL a tenant sends: tables schema-qualified or not (search_path is retail). */
export function renderTenantSql(template: string, qualify = true): string {
  return template.replace(MARKER, (_, table: string) => (qualify ? `retail.${table}` : table))
}

/** The oracle's SQL: every tenant table restricted to `storeIds` (admin bypasses RLS). */
export function renderOracleSql(template: string, storeIds: readonly string[]): string {
  for (const id of storeIds) if (!UUID.test(id)) throw new Error(`not a store id: ${id}`)
  const scope = `'{${storeIds.join(',')}}'::uuid[]`
  return template.replace(MARKER, (_, table: string) =>
    isTenantTable(table)
      ? `(SELECT * FROM retail.${table} WHERE store_id = ANY(${scope}))`
      : `retail.${table}`,
  )
}
