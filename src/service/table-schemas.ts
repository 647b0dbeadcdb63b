import {
  type CatalogueValues,
  type RetailStructure,
  readCatalogueValues,
  readOrderSpan,
  readRetailStructure,
} from '../data/catalog.ts'
import { RETAIL_TABLES } from '../data/retail-tables.ts'
import { listStores, type StoreRow } from '../data/sales.ts'
import { type Caller, type TenantDb, withTenant } from '../data/with-tenant.ts'
import { ValidationError } from '../errors.ts'
import { memoryCacheStore, TenantCache } from './tenant-cache.ts'

export interface TableSchema {
  table: string
  description: string | null
  row_level_security: boolean
  columns: {
    name: string
    type: string
    nullable: boolean
    default: string | null
    description: string | null
  }[]
  primary_key: string[]
  foreign_keys: { columns: string[]; references: string }[]
  unique: string[][]
  checks: string[]
  indexes: { name: string; definition: string }[]
  /** Values an assistant needs to write correct filters, by column (only what the caller may see). */
  values: Record<string, (string | number | boolean)[]>
}

export { RETAIL_TABLES }

type Shared = { structure: RetailStructure; catalogue: CatalogueValues }
type TenantValues = { stores: StoreRow[]; orders: Awaited<ReturnType<typeof readOrderSpan>> }

/**
 * Table schemas for the assistant. What they are built from (structure, catalogue values, the
 * caller's stores and order years) is cached in the tenant cache, keyed by the caller's resolved
 * set of visible stores, never by its claimed id. Without a cache given, a private in-memory one
 * (one minute) is used.
 */
export class TableSchemaService {
  constructor(
    private readonly tdb: TenantDb,
    private readonly cache: TenantCache = new TenantCache(memoryCacheStore(8 * 1024 * 1024), {
      ttlMs: 60_000,
      version: async () => 'private',
    }),
  ) {}

  async describe(caller: Caller, tableNames: readonly string[]): Promise<TableSchema[]> {
    const tables = normaliseTableNames(tableNames)
    const { shared, tenant } = await this.#load(caller)
    return tables.map((table) => buildSchema(table, shared, tenant))
  }

  #load(caller: Caller): Promise<{ shared: Shared; tenant: TenantValues }> {
    return this.cache.getOrLoad(caller, 'get_multiple_table_schemas', {}, () =>
      withTenant(this.tdb, caller, async (tx) => ({
        shared: { structure: await readRetailStructure(tx), catalogue: await readCatalogueValues(tx) },
        tenant: { stores: await listStores(tx), orders: await readOrderSpan(tx) },
      })),
    )
  }
}

/** Accepts `retail.orders` or `orders`; refuses anything else, listing the valid names. */
export function normaliseTableNames(names: readonly string[]): string[] {
  const valid = new Set<string>(RETAIL_TABLES)
  const unknown: string[] = []
  const tables: string[] = []
  for (const raw of names) {
    const name = raw
      .trim()
      .toLowerCase()
      .replace(/^retail\./, '')
      .replaceAll('"', '')
    if (valid.has(name)) {
      if (!tables.includes(name)) tables.push(name)
    } else unknown.push(raw)
  }
  if (unknown.length > 0) {
    throw new ValidationError(
      `Unknown table${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
      `Valid tables: ${RETAIL_TABLES.map((t) => `retail.${t}`).join(', ')}.`,
    )
  }
  if (tables.length === 0) {
    throw new ValidationError(
      'No table names were given.',
      `Ask for one or more of: ${RETAIL_TABLES.map((t) => `retail.${t}`).join(', ')}.`,
    )
  }
  return tables
}

function buildSchema(table: string, shared: Shared, tenant: TenantValues): TableSchema {
  const { structure, catalogue } = shared
  const description = structure.descriptions.find((d) => d.table === table)
  const constraints = structure.constraints.filter((c) => c.table === table)
  return {
    table: `retail.${table}`,
    description: description?.description ?? null,
    row_level_security: description?.rowLevelSecurity ?? false,
    columns: structure.columns
      .filter((c) => c.table === table)
      .map((c) => ({
        name: c.column,
        type: c.type,
        nullable: c.nullable,
        default: c.default,
        description: c.description,
      })),
    primary_key: constraints.find((c) => c.kind === 'p')?.columns ?? [],
    foreign_keys: constraints
      .filter((c) => c.kind === 'f')
      .map((c) => ({
        columns: c.columns,
        references: `retail.${c.referencedTable}(${c.referencedColumns.join(', ')})`,
      })),
    unique: constraints.filter((c) => c.kind === 'u').map((c) => c.columns),
    checks: constraints.filter((c) => c.kind === 'c').map((c) => c.definition),
    indexes: structure.indexes
      .filter((i) => i.table === table)
      .map((i) => ({ name: i.name, definition: i.definition })),
    values: lowCardinalityValues(table, catalogue, tenant),
  }
}

function lowCardinalityValues(
  table: string,
  catalogue: CatalogueValues,
  tenant: TenantValues,
): Record<string, (string | number | boolean)[]> {
  switch (table) {
    case 'stores':
      return {
        store_id: tenant.stores.map((s) => s.storeId),
        name: tenant.stores.map((s) => s.name),
        is_online: [true, false],
      }
    case 'regions':
      return { name: catalogue.regions }
    case 'categories':
      return { name: catalogue.categories.map((c) => c.category) }
    case 'product_types':
      return { name: catalogue.categories.flatMap((c) => c.productTypes.map((t) => `${t} (${c.category})`)) }
    case 'products':
      return { brand: catalogue.brands }
    case 'orders':
      return {
        status: tenant.orders.statuses,
        order_date_years: tenant.orders.years,
        order_date_range: [tenant.orders.firstOrderDate ?? '', tenant.orders.lastOrderDate ?? ''].filter(
          Boolean,
        ),
      }
    default:
      return {}
  }
}
