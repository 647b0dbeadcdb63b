import { CATEGORIES } from './catalogue/index.ts'
import { type Chunk, chunked, money, text } from './csv.ts'
import { type CustomersPlan, planCustomers } from './customers.ts'
import { formatDay, yearsBefore } from './dates.ts'
import { inventoryRows, planRange } from './inventory.ts'
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from './names.ts'
import { type SeedSize, seedSize, type ValidOptions } from './options.ts'
import { type OrdersInput, type OrderVolume, orderRows, planOrderVolume } from './orders.ts'
import { type CataloguePlan, planCatalogue } from './products.ts'
import { Rng } from './random.ts'
import { emailPart, planStores, type StoresPlan } from './stores.ts'
import type { SeedTable } from './tables.ts'
import { regionalManagerRows, storeManagerRows, userRows } from './users.ts'

/**
 * Everything decided before the big tables are generated: regions, stores, catalogue, customers
 * and the stores' ranges. Orders and order items are generated from it on demand.
 */
export interface DatasetPlan {
  options: ValidOptions
  size: SeedSize
  /** First and last order day (day numbers), two years ending on `today`. */
  windowStart: number
  today: number
  stores: StoresPlan
  catalogue: CataloguePlan
  volume: OrderVolume
  customers: CustomersPlan
  carried: Uint8Array
}

export function planDataset(options: ValidOptions): DatasetPlan {
  const size = seedSize(options.scale)
  const today = options.todayDay
  const windowStart = yearsBefore(today, 2) + 1
  const stores = planStores(
    options.seed,
    size.regions - 1,
    size.stores,
    windowStart,
    CATEGORIES.map((c) => c.mix),
  )
  const catalogue = planCatalogue(options.seed, size.products)
  const volume = planOrderVolume(options.seed, stores.stores, windowStart, today, size.orders)
  const customers = planCustomers(
    options.seed,
    stores.stores,
    volume.perStore,
    size.customers,
    windowStart,
    today,
  )
  const carried = planRange(options.seed, stores.stores, catalogue.products)
  return { options, size, windowStart, today, stores, catalogue, volume, customers, carried }
}

export interface TableData {
  table: SeedTable
  chunks(): Generator<Chunk>
}

/** The CSV of every seeded table, in load order (see SEED_TABLES). */
export function datasetTables(plan: DatasetPlan): TableData[] {
  const { stores, catalogue, customers } = plan
  const seed = plan.options.seed
  const ordersInput: OrdersInput = {
    seed,
    stores: stores.stores,
    types: catalogue.types,
    products: catalogue.products,
    carried: plan.carried,
    customers,
    windowStart: plan.windowStart,
    today: plan.today,
    volume: plan.volume,
  }
  const table = (name: SeedTable, rows: () => Iterable<string>): TableData => ({
    table: name,
    chunks: () => chunked(rows()),
  })
  return [
    table('retail.regions', () => stores.regions.map((r) => `${r.id},${text(r.name)}\n`)),
    table('retail.stores', () =>
      stores.stores.map(
        (s) =>
          `${s.id},${stores.regions[s.regionIndex]!.id},${text(s.name)},${text(s.city)},${text(s.address)},` +
          `${text(s.managerName)},${s.isOnline},${formatDay(s.openedOn)}\n`,
      ),
    ),
    table('retail.categories', () => catalogue.categories.map((c) => `${c.id},${text(c.name)}\n`)),
    table('retail.product_types', () =>
      catalogue.types.map((t) => `${t.id},${catalogue.categories[t.categoryIndex]!.id},${text(t.name)}\n`),
    ),
    table('retail.products', () =>
      catalogue.products.map(
        (p) =>
          `${p.id},${p.sku},${text(p.name)},${text(p.brand)},${text(p.description)},` +
          `${catalogue.categories[p.categoryIndex]!.id},${catalogue.types[p.typeIndex]!.id},` +
          `${money(p.priceCents)},${money(p.costCents)}\n`,
      ),
    ),
    table('retail.inventory', () => inventoryRows(seed, stores.stores, catalogue.products, plan.carried)),
    table('retail.customers', () => customerRows(plan)),
    table('retail.orders', () => orderRows(ordersInput, 'orders')),
    table('retail.order_items', () => orderRows(ordersInput, 'items')),
    table('tenancy.users', () => userRows(stores)),
    table('tenancy.store_managers', () => storeManagerRows(stores)),
    table('tenancy.regional_managers', () => regionalManagerRows(stores)),
  ]
}

/** Customers with names and a unique email (the running number makes it unique). */
function* customerRows(plan: DatasetPlan): Generator<string> {
  const rng = new Rng(plan.options.seed, 'customer-names')
  const { customers, stores } = plan
  for (let s = 0; s < stores.stores.length; s++) {
    const storeId = stores.stores[s]!.id
    const end = customers.start[s]! + customers.count[s]!
    for (let i = customers.start[s]!; i < end; i++) {
      const first = rng.pick(FIRST_NAMES)
      const last = rng.pick(LAST_NAMES)
      const email = `${emailPart(first)}.${emailPart(last)}${i + 1}@${rng.pick(EMAIL_DOMAINS)}`
      yield `${customers.ids[i]},${storeId},${first},${last},${email},${formatDay(customers.joined[i]!)}\n`
    }
  }
}
