import { beforeAll, describe, expect, it } from 'bun:test'
import { datasetTables, planDataset } from '../../../src/data/seed/dataset.ts'
import { DEMO_USERS, SEED_TABLES, seedSize } from '../../../src/data/seed/index.ts'
import { validateOptions } from '../../../src/data/seed/options.ts'

type Row = Record<string, string>

/** Parses RFC 4180 CSV (quoted fields with doubled quotes) into rows keyed by the table's columns. */
function parseCsv(csv: string, columns: readonly string[]): Row[] {
  const rows: Row[] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      fields.push(field)
      field = ''
    } else if (c === '\n') {
      fields.push(field)
      rows.push(Object.fromEntries(columns.map((name, k) => [name, fields[k]!])))
      if (fields.length !== columns.length)
        throw new Error(`expected ${columns.length} fields: ${fields.join('|')}`)
      fields = []
      field = ''
    } else field += c
  }
  return rows
}

function generate(scale: number, seed = 42, today?: string): Record<string, Row[]> {
  const tables: Record<string, Row[]> = {}
  for (const { table, chunks } of datasetTables(planDataset(validateOptions({ scale, seed, today })))) {
    let csv = ''
    for (const chunk of chunks()) csv += chunk.csv
    tables[table] = parseCsv(csv, SEED_TABLES.find((t) => t.table === table)!.columns)
  }
  return tables
}

const cents = (value: string) => Math.round(Number(value) * 100)
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('generated data set (scale 0.05)', () => {
  let t: Record<string, Row[]>
  beforeAll(() => {
    t = generate(0.05)
  })

  it('has the row counts of the scale rule', () => {
    const size = seedSize(0.05)
    expect(t['retail.regions']!.length).toBe(size.regions)
    expect(t['retail.stores']!.length).toBe(size.stores)
    expect(t['retail.products']!.length).toBe(size.products)
    expect(t['retail.customers']!.length).toBe(size.customers)
    expect(t['retail.orders']!.length).toBe(size.orders)
    expect(t['retail.categories']!.length).toBe(20)
  })

  it('keeps every order total equal to the sum of its line totals', () => {
    const sums = new Map<string, number>()
    for (const item of t['retail.order_items']!) {
      sums.set(item.order_id!, (sums.get(item.order_id!) ?? 0) + cents(item.line_total!))
    }
    for (const order of t['retail.orders']!)
      expect(sums.get(order.order_id!)).toBe(cents(order.total_amount!))
  })

  it('computes line_total as round(quantity × unit_price × (1 − discount/100), 2)', () => {
    for (const item of t['retail.order_items']!) {
      const exact =
        (Number(item.quantity) * cents(item.unit_price!) * (100 - Number(item.discount_percent))) / 100
      expect(cents(item.line_total!)).toBe(Math.round(exact))
      expect(Number(item.quantity)).toBeGreaterThan(0)
      expect(Number(item.discount_percent)).toBeGreaterThanOrEqual(0)
      expect(Number(item.discount_percent)).toBeLessThanOrEqual(100)
    }
  })

  it("puts each item in its order's store and each order's customer in that store", () => {
    const customerStore = new Map(t['retail.customers']!.map((c) => [c.customer_id!, c.store_id!]))
    const orderStore = new Map(t['retail.orders']!.map((o) => [o.order_id!, o.store_id!]))
    for (const order of t['retail.orders']!)
      expect(customerStore.get(order.customer_id!)).toBe(order.store_id!)
    for (const item of t['retail.order_items']!) expect(orderStore.get(item.order_id!)).toBe(item.store_id!)
  })

  it('gives every order 1 to 6 distinct products', () => {
    const lines = new Map<string, string[]>()
    for (const item of t['retail.order_items']!) {
      const list = lines.get(item.order_id!) ?? []
      list.push(item.product_id!)
      lines.set(item.order_id!, list)
    }
    expect(lines.size).toBe(t['retail.orders']!.length)
    for (const products of lines.values()) {
      expect(products.length).toBeGreaterThanOrEqual(1)
      expect(products.length).toBeLessThanOrEqual(6)
      expect(new Set(products).size).toBe(products.length)
    }
  })

  it('dates orders within the two years ending on today, after the customer joined and the store opened', () => {
    const joined = new Map(t['retail.customers']!.map((c) => [c.customer_id!, c.joined_on!]))
    const opened = new Map(t['retail.stores']!.map((s) => [s.store_id!, s.opened_on!]))
    const dates = t['retail.orders']!.map((o) => o.order_date!).sort()
    expect(dates[0]).toBe('2024-01-01')
    expect(dates.at(-1)).toBe('2025-12-31')
    for (const order of t['retail.orders']!) {
      expect(joined.get(order.customer_id!)! <= order.order_date!).toBe(true)
      expect(opened.get(order.store_id!)! <= order.order_date!).toBe(true)
    }
  })

  it('prices products at or above zero with cost below price', () => {
    for (const product of t['retail.products']!) {
      expect(cents(product.cost!)).toBeGreaterThan(0)
      expect(cents(product.cost!)).toBeLessThan(cents(product.price!))
    }
  })

  it('sells at the list price', () => {
    const price = new Map(t['retail.products']!.map((p) => [p.product_id!, p.price!]))
    for (const item of t['retail.order_items']!) expect(item.unit_price).toBe(price.get(item.product_id!)!)
  })

  it('uses only the allowed statuses, mostly completed with a few returned or cancelled', () => {
    const counts: Record<string, number> = {}
    for (const order of t['retail.orders']!) counts[order.status!] = (counts[order.status!] ?? 0) + 1
    expect(
      Object.keys(counts).every((s) =>
        ['pending', 'completed', 'shipped', 'cancelled', 'returned'].includes(s),
      ),
    ).toBe(true)
    const total = t['retail.orders']!.length
    expect(counts.completed! / total).toBeGreaterThan(0.9)
    expect(counts.returned! / total).toBeGreaterThan(0.01)
    expect(counts.cancelled! / total).toBeGreaterThan(0.005)
  })

  it('draws valid, unique version-4 UUIDs for every id', () => {
    const ids = [
      ...t['retail.regions']!.map((r) => r.region_id!),
      ...t['retail.stores']!.map((r) => r.store_id!),
      ...t['retail.categories']!.map((r) => r.category_id!),
      ...t['retail.product_types']!.map((r) => r.product_type_id!),
      ...t['retail.products']!.map((r) => r.product_id!),
      ...t['retail.inventory']!.map((r) => r.inventory_id!),
      ...t['retail.customers']!.map((r) => r.customer_id!),
      ...t['retail.orders']!.map((r) => r.order_id!),
      ...t['retail.order_items']!.map((r) => r.order_item_id!),
      ...t['tenancy.users']!.map((r) => r.rls_user_id!),
    ]
    for (const id of ids) expect(id).toMatch(UUID_V4)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('keeps the unique columns unique (SKUs, store names, customer and user emails)', () => {
    const unique = (values: string[]) => expect(new Set(values).size).toBe(values.length)
    unique(t['retail.products']!.map((p) => p.sku!))
    unique(t['retail.products']!.map((p) => p.name!))
    unique(t['retail.stores']!.map((s) => s.name!))
    unique(t['retail.customers']!.map((c) => c.email!))
    unique(t['tenancy.users']!.map((u) => u.email!))
    unique(t['retail.inventory']!.map((i) => `${i.store_id}/${i.product_id}`))
  })

  it('stocks every store with a large share of the catalogue, some at zero', () => {
    const products = t['retail.products']!.length
    const perStore = new Map<string, number>()
    let zero = 0
    for (const row of t['retail.inventory']!) {
      perStore.set(row.store_id!, (perStore.get(row.store_id!) ?? 0) + 1)
      if (row.quantity_on_hand === '0') zero++
      expect(Number(row.quantity_on_hand)).toBeGreaterThanOrEqual(0)
      expect(Number(row.reorder_level)).toBeGreaterThanOrEqual(1)
    }
    expect(perStore.size).toBe(t['retail.stores']!.length)
    for (const n of perStore.values()) expect(n / products).toBeGreaterThan(0.6)
    expect(zero).toBeGreaterThan(0)
  })

  it('has one online store, in a region of its own, and the first physical store in a region with 2+ stores', () => {
    const stores = t['retail.stores']!
    const online = stores.filter((s) => s.is_online === 'true')
    expect(online).toHaveLength(1)
    const first = stores[0]!
    expect(first.name).toBe('Zava Seattle Downtown')
    expect(first.is_online).toBe('false')
    expect(stores.filter((s) => s.region_id === first.region_id).length).toBeGreaterThanOrEqual(2)
    const onlineRegion = t['retail.regions']!.find((r) => r.region_id === online[0]!.region_id)!
    expect(onlineRegion.name).toBe('Online')
  })

  it('creates the three demo users with fixed ids, one manager per store and one per region', () => {
    const users = t['tenancy.users']!
    const kind = new Map(users.map((u) => [u.rls_user_id!, u.kind!]))
    for (const demo of Object.values(DEMO_USERS)) expect(kind.get(demo.rlsUserId)).toBe(demo.kind)
    const stores = t['retail.stores']!
    const managed = t['tenancy.store_managers']!
    expect(managed.find((m) => m.rls_user_id === DEMO_USERS.storeManager.rlsUserId)!.store_id).toBe(
      stores[0]!.store_id!,
    )
    expect(new Set(managed.map((m) => m.store_id)).size).toBe(stores.length)
    for (const m of managed) expect(kind.get(m.rls_user_id!)).toBe('store_manager')
    const regional = t['tenancy.regional_managers']!
    expect(regional.find((m) => m.rls_user_id === DEMO_USERS.regionalManager.rlsUserId)!.region_id).toBe(
      stores[0]!.region_id!,
    )
    expect(new Set(regional.map((m) => m.region_id)).size).toBe(t['retail.regions']!.length)
    expect(users).toHaveLength(3 + stores.length + t['retail.regions']!.length)
  })

  it("names the store's manager in stores.manager_name, the demo user for the first store", () => {
    const names = new Map(t['tenancy.users']!.map((u) => [u.rls_user_id!, u.display_name!]))
    const managers = new Map<string, string[]>()
    for (const m of t['tenancy.store_managers']!) {
      managers.set(m.store_id!, [...(managers.get(m.store_id!) ?? []), names.get(m.rls_user_id!)!])
    }
    const stores = t['retail.stores']!
    for (const store of stores) expect(managers.get(store.store_id!)).toContain(store.manager_name!)
    expect(stores[0]!.manager_name).toBe(DEMO_USERS.storeManager.displayName)
  })

  it('sells more garden products in spring than in winter and more heaters in winter than in summer', () => {
    const categoryOf = new Map(t['retail.products']!.map((p) => [p.product_id!, p.category_id!]))
    const category = new Map(t['retail.categories']!.map((c) => [c.name!, c.category_id!]))
    const month = new Map(t['retail.orders']!.map((o) => [o.order_id!, Number(o.order_date!.slice(5, 7))]))
    const units = (name: string, months: number[]) =>
      t['retail.order_items']!.filter(
        (i) =>
          categoryOf.get(i.product_id!) === category.get(name) && months.includes(month.get(i.order_id!)!),
      ).length
    expect(units('Garden', [4, 5, 6])).toBeGreaterThan(2 * units('Garden', [11, 12, 1]))
    const heaters = t['retail.product_types']!.find((p) => p.name === 'Electric Heaters')!.product_type_id
    const heaterIds = new Set(
      t['retail.products']!.filter((p) => p.product_type_id === heaters).map((p) => p.product_id!),
    )
    const heaterLines = (months: number[]) =>
      t['retail.order_items']!.filter(
        (i) => heaterIds.has(i.product_id!) && months.includes(month.get(i.order_id!)!),
      ).length
    expect(heaterLines([12, 1, 2])).toBeGreaterThan(2 * heaterLines([6, 7, 8]))
  })

  it('takes more orders on Saturdays than on Tuesdays and more in December than in January', () => {
    let saturday = 0
    let tuesday = 0
    let december = 0
    let january = 0
    for (const order of t['retail.orders']!) {
      const dow = new Date(`${order.order_date}T00:00:00Z`).getUTCDay()
      if (dow === 6) saturday++
      if (dow === 2) tuesday++
      if (order.order_date!.slice(5, 7) === '12') december++
      if (order.order_date!.slice(5, 7) === '01') january++
    }
    expect(saturday).toBeGreaterThan(1.3 * tuesday)
    expect(december).toBeGreaterThan(1.2 * january)
  })
})

describe('generated data set at other scales', () => {
  it('follows the scale rule at the smallest scale and at a larger one', () => {
    for (const scale of [0.01, 0.2]) {
      const t = generate(scale, 3)
      const size = seedSize(scale)
      expect(t['retail.stores']!.length).toBe(size.stores)
      expect(t['retail.regions']!.length).toBe(size.regions)
      expect(t['retail.products']!.length).toBe(size.products)
      expect(t['retail.customers']!.length).toBe(size.customers)
      expect(t['retail.orders']!.length).toBe(size.orders)
    }
  })

  it('keeps the demo store and region fixed whatever the seed', () => {
    for (const seed of [0, 1, 123456789]) {
      const t = generate(0.01, seed, '2024-03-15')
      expect(t['retail.stores']![0]!.name).toBe('Zava Seattle Downtown')
      expect(t['retail.regions']![0]!.name).toBe('Pacific Northwest')
      expect(
        t['retail.orders']!.every((o) => o.order_date! >= '2022-03-16' && o.order_date! <= '2024-03-15'),
      ).toBe(true)
    }
  })
})
