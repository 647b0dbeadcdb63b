import {
  type CategorySales,
  getCategorySales,
  getSalesSummary,
  getStore,
  getTopProducts,
  type SalesSummary,
} from '../data/sales.ts'
import { type Caller, type TenantDb, withTenant } from '../data/with-tenant.ts'
import { NotFoundError } from '../errors.ts'
import { assertStoreAccess } from './access.ts'
import { type ResolvedPeriod, resolvePeriod } from './periods.ts'
import type { TenantCache } from './tenant-cache.ts'

export interface PeriodMetrics {
  revenue: number
  orders: number
  units: number
  average_basket: number
  gross_margin: number
  gross_margin_pct: number
}

export interface StorePerformance {
  store: { store_id: string; name: string; city: string; region: string; is_online: boolean }
  period: { label: string; from: string; through: string }
  previous_period: { from: string; through: string }
  metrics: PeriodMetrics
  previous: PeriodMetrics
  change: {
    revenue_pct: number | null
    orders_pct: number | null
    average_basket_pct: number | null
    units_pct: number | null
    gross_margin_pct_points: number
  }
  top_products: { product_id: string; name: string; category: string; revenue: number; units: number }[]
  top_categories: { category: string; revenue: number; share_pct: number; change_pct: number | null }[]
  insights: string[]
}

const TOP_PRODUCTS = 5
const TOP_CATEGORIES = 5

/**
 * Store performance for a period, compared with the period before, with plain-language insights.
 * With a cache, answers for closed periods (ended before today) are reused: their sales no longer
 * change unless the data does, which bumps the data version.
 */
export class StorePerformanceService {
  constructor(
    private readonly tdb: TenantDb,
    private readonly cache?: TenantCache,
  ) {}

  async get(
    caller: Caller,
    args: { storeId: string; period: string; today: string },
  ): Promise<StorePerformance> {
    const period = resolvePeriod(args.period, args.today)
    if (!this.cache || period.to > args.today) return getStorePerformance(this.tdb, caller, args)
    assertStoreAccess(caller, args.storeId)
    const key = { store: args.storeId.toLowerCase(), period: period.label, from: period.from, to: period.to }
    return this.cache.getOrLoad(caller, 'get_store_performance', key, () =>
      getStorePerformance(this.tdb, caller, args),
    )
  }
}

async function getStorePerformance(
  tdb: TenantDb,
  caller: Caller,
  args: { storeId: string; period: string; today: string },
): Promise<StorePerformance> {
  const period = resolvePeriod(args.period, args.today)
  assertStoreAccess(caller, args.storeId)
  const storeId = args.storeId.toLowerCase()
  const data = await withTenant(tdb, caller, async (tx) => {
    const store = await getStore(tx, storeId)
    if (!store) return undefined
    return {
      store,
      current: await getSalesSummary(tx, storeId, period),
      previous: await getSalesSummary(tx, storeId, period.previous),
      products: await getTopProducts(tx, storeId, period, TOP_PRODUCTS),
      categories: await getCategorySales(tx, storeId, period, period.previous),
    }
  })
  if (!data) {
    throw new NotFoundError(`Store ${args.storeId} does not exist.`, 'Use a store id from retail.stores.')
  }
  const metrics = toMetrics(data.current)
  const previous = toMetrics(data.previous)
  const change = {
    revenue_pct: pctChange(metrics.revenue, previous.revenue),
    orders_pct: pctChange(metrics.orders, previous.orders),
    average_basket_pct: pctChange(metrics.average_basket, previous.average_basket),
    units_pct: pctChange(metrics.units, previous.units),
    gross_margin_pct_points: round(metrics.gross_margin_pct - previous.gross_margin_pct, 1),
  }
  const topCategories = data.categories
    .filter((c) => c.revenue > 0)
    .slice(0, TOP_CATEGORIES)
    .map((c) => ({
      category: c.category,
      revenue: round(c.revenue),
      share_pct: metrics.revenue > 0 ? round((100 * c.revenue) / metrics.revenue, 1) : 0,
      change_pct: pctChange(c.revenue, c.previousRevenue),
    }))
  const result: StorePerformance = {
    store: {
      store_id: data.store.storeId,
      name: data.store.name,
      city: data.store.city,
      region: data.store.region,
      is_online: data.store.isOnline,
    },
    period: { label: period.label, from: period.from, through: period.through },
    previous_period: { from: period.previous.from, through: period.previous.through },
    metrics,
    previous,
    change,
    top_products: data.products.map((p) => ({
      product_id: p.productId,
      name: p.name,
      category: p.category,
      revenue: round(p.revenue),
      units: p.units,
    })),
    top_categories: topCategories,
    insights: [],
  }
  result.insights = insights(result, period, data.categories)
  return result
}

function toMetrics(s: SalesSummary): PeriodMetrics {
  return {
    revenue: round(s.revenue),
    orders: s.orders,
    units: s.units,
    average_basket: s.orders > 0 ? round(s.revenue / s.orders) : 0,
    gross_margin: round(s.grossMargin),
    gross_margin_pct: s.revenue > 0 ? round((100 * s.grossMargin) / s.revenue, 1) : 0,
  }
}

/** Short sentences an assistant can quote, computed from the numbers only. */
export function insights(p: StorePerformance, period: ResolvedPeriod, categories: CategorySales[]): string[] {
  const out: string[] = []
  const versus = `vs the previous period (${period.previous.from} to ${period.previous.through})`
  if (p.metrics.orders === 0) {
    out.push(`No completed or shipped orders in ${period.label} (${period.from} to ${period.through}).`)
    if (p.previous.orders > 0)
      out.push(`The previous period had ${p.previous.orders} orders (${money(p.previous.revenue)}).`)
    return out
  }
  const revenueChange = p.change.revenue_pct
  if (revenueChange === null) {
    out.push(`Revenue of ${money(p.metrics.revenue)}; the previous period had no sales to compare with.`)
  } else {
    const direction = revenueChange > 0.5 ? 'up' : revenueChange < -0.5 ? 'down' : 'flat'
    let sentence =
      direction === 'flat'
        ? `Revenue flat at ${money(p.metrics.revenue)} ${versus}`
        : `Revenue ${direction} ${Math.abs(revenueChange).toFixed(0)}% to ${money(p.metrics.revenue)} ${versus}`
    const driver = mainDriver(categories, p.metrics.revenue - p.previous.revenue)
    if (driver && direction !== 'flat') {
      sentence += `, driven by ${driver.category} (${signedMoney(driver.delta)})`
    }
    out.push(`${sentence}.`)
  }
  const basket = p.change.average_basket_pct
  if (basket !== null && Math.abs(basket) >= 3) {
    out.push(
      `Average basket ${basket > 0 ? 'grew' : 'shrank'} ${Math.abs(basket).toFixed(0)}% to ${money(p.metrics.average_basket)}` +
        ` while orders ${(p.change.orders_pct ?? 0) >= 0 ? 'rose' : 'fell'} ${Math.abs(p.change.orders_pct ?? 0).toFixed(0)}%.`,
    )
  }
  const marginPoints = p.change.gross_margin_pct_points
  if (Math.abs(marginPoints) >= 1 && p.previous.revenue > 0) {
    out.push(
      `Gross margin ${marginPoints > 0 ? 'improved' : 'slipped'} ${Math.abs(marginPoints).toFixed(1)} points to ${p.metrics.gross_margin_pct}%.`,
    )
  }
  const top = p.top_categories[0]
  if (top && top.share_pct >= 25) {
    out.push(`${top.category} is ${top.share_pct}% of revenue.`)
  }
  const best = p.top_products[0]
  if (best) out.push(`Best seller: ${best.name} (${money(best.revenue)}, ${best.units} units).`)
  return out
}

/** The category whose change contributed most in the direction of the total change. */
function mainDriver(categories: CategorySales[], totalDelta: number) {
  let best: { category: string; delta: number } | undefined
  for (const c of categories) {
    const delta = c.revenue - c.previousRevenue
    if (Math.sign(delta) !== Math.sign(totalDelta)) continue
    if (!best || Math.abs(delta) > Math.abs(best.delta)) best = { category: c.category, delta }
  }
  return best
}

function pctChange(current: number, previous: number): number | null {
  return previous === 0 ? null : round((100 * (current - previous)) / previous, 1)
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits
const money = (value: number) =>
  `$${value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`
const signedMoney = (value: number) => `${value >= 0 ? '+' : '-'}${money(Math.abs(value))}`
