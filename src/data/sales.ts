import {
  getStoreCategorySales,
  getStore as getStoreQuery,
  getStoreSalesSummary,
  getStoreTopProducts,
  listVisibleStores,
} from '../../generated/sales.queries.ts'
import type { Connection } from './db.ts'

export interface StoreRow {
  storeId: string
  name: string
  city: string
  region: string
  isOnline: boolean
}

export interface SalesSummary {
  orders: number
  revenue: number
  units: number
  grossMargin: number
}

export interface ProductSales {
  productId: string
  name: string
  category: string
  revenue: number
  units: number
}

export interface CategorySales {
  category: string
  revenue: number
  previousRevenue: number
}

export interface DayRange {
  from: string
  to: string
}

export async function getStore(tx: Connection, storeId: string): Promise<StoreRow | undefined> {
  return (await getStoreQuery.run({ storeId }, tx))[0]
}

export function listStores(tx: Connection): Promise<StoreRow[]> {
  return listVisibleStores.run(undefined, tx)
}

export async function getSalesSummary(
  tx: Connection,
  storeId: string,
  range: DayRange,
): Promise<SalesSummary> {
  const row = (await getStoreSalesSummary.run({ storeId, ...range }, tx))[0]
  return {
    orders: row?.orders ?? 0,
    revenue: Number(row?.revenue ?? 0),
    units: row?.units ?? 0,
    grossMargin: Number(row?.grossMargin ?? 0),
  }
}

export async function getTopProducts(
  tx: Connection,
  storeId: string,
  range: DayRange,
  limit: number,
): Promise<ProductSales[]> {
  const rows = await getStoreTopProducts.run({ storeId, ...range, limit }, tx)
  return rows.map((r) => ({ ...r, revenue: Number(r.revenue) }))
}

/** Revenue by category over `range` and over the earlier `previous` range. */
export async function getCategorySales(
  tx: Connection,
  storeId: string,
  range: DayRange,
  previous: DayRange,
): Promise<CategorySales[]> {
  const rows = await getStoreCategorySales.run(
    { storeId, ...range, previousFrom: previous.from, previousTo: previous.to },
    tx,
  )
  return rows.map((r) => ({
    category: r.category,
    revenue: Number(r.revenue),
    previousRevenue: Number(r.previousRevenue),
  }))
}
