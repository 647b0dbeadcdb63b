import {
  getTableColumns,
  getTableConstraints,
  getTableDescriptions,
  getTableIndexes,
  listBrands,
  listCategories,
  listOrderYearsAndStatuses,
  listRegions,
} from '../../generated/catalog.queries.ts'
import type { Connection } from './db.ts'

/** The structure of every retail table, read from the system catalogue (tenant independent). */
export async function readRetailStructure(tx: Connection) {
  return {
    descriptions: await getTableDescriptions.run(undefined, tx),
    columns: await getTableColumns.run(undefined, tx),
    constraints: await getTableConstraints.run(undefined, tx),
    indexes: await getTableIndexes.run(undefined, tx),
  }
}

export type RetailStructure = Awaited<ReturnType<typeof readRetailStructure>>

/** Catalogue values shared by every tenant: categories with their types, regions, brands. */
export async function readCatalogueValues(tx: Connection) {
  return {
    categories: await listCategories.run(undefined, tx),
    regions: (await listRegions.run(undefined, tx)).map((r) => r.name),
    brands: (await listBrands.run(undefined, tx)).map((b) => b.brand),
  }
}

export type CatalogueValues = Awaited<ReturnType<typeof readCatalogueValues>>

/** What the caller's orders span (RLS applies). */
export async function readOrderSpan(tx: Connection) {
  const row = (await listOrderYearsAndStatuses.run(undefined, tx))[0]
  return {
    years: row?.years ?? [],
    statuses: row?.statuses ?? [],
    firstOrderDate: row?.firstOrderDate ?? null,
    lastOrderDate: row?.lastOrderDate ?? null,
  }
}
