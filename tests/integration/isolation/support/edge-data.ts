import { randomUUID } from 'node:crypto'
import type { Db } from '../../../../src/data/db.ts'
import { mulberry32 } from '../../../../src/service/isolation/scratch-tenants.ts'

/**
 * A small retail data set built for isolation edge cases, loaded as the admin into a migrated
 * scratch database (never the shared test database):
 *  - 5 regions, one of them (Nowhere) without stores, so its manager sees nothing;
 *  - twin stores whose customers, orders, items and stock are identical value for value, in the
 *    same region (North 1/2) and across regions (South 1 / East 2): a leak adds rows that look
 *    exactly like the tenant's own, which only a multiset comparison catches;
 *  - a store with no data at all (South 2), one with stock only (West 2), one with only
 *    cancelled and returned orders (East 1), and an online store (West 1);
 *  - a store manager per store, a regional manager per region, one head office.
 */
export interface EdgeData {
  stores: { id: string; name: string; region: string }[]
  users: { id: string; kind: string; label: string }[]
}

interface StorePlan {
  name: string
  region: string
  online?: boolean
  /** Copy every value of this store's data (by name). */
  twinOf?: string
  data: 'full' | 'none' | 'stock-only' | 'cancelled-only'
}

const REGIONS = ['North', 'South', 'East', 'West', 'Nowhere']
const STORES: StorePlan[] = [
  { name: 'North 1', region: 'North', data: 'full' },
  { name: 'North 2', region: 'North', data: 'full', twinOf: 'North 1' },
  { name: 'South 1', region: 'South', data: 'full' },
  { name: 'South 2', region: 'South', data: 'none' },
  { name: 'East 1', region: 'East', data: 'cancelled-only' },
  { name: 'East 2', region: 'East', data: 'full', twinOf: 'South 1' },
  { name: 'West 1', region: 'West', data: 'full', online: true },
  { name: 'West 2', region: 'West', data: 'stock-only' },
]
const FIRST = ['Ana', 'Ben', 'Chloe', 'Dev', 'Eve', 'Finn', 'Gus']
const LAST = ['Ng', 'Smith', "O'Neil", 'Park', 'Ruiz']
const STATUSES = ['completed', 'completed', 'completed', 'shipped', 'pending', 'returned', 'cancelled']

const q = (text: string) => `'${text.replaceAll("'", "''")}'`

/** Inserts the data set; returns the stores and users it made. */
export async function loadEdgeData(admin: Db, seed = 7): Promise<EdgeData> {
  const random = mulberry32(seed)
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
  const sql: string[] = ['BEGIN']
  const regionIds = new Map(REGIONS.map((r) => [r, randomUUID()]))
  for (const [name, id] of regionIds)
    sql.push(`INSERT INTO retail.regions (region_id, name) VALUES ('${id}', ${q(name)})`)

  const categoryIds = ['Tools', 'Garden', 'Paint'].map((name) => ({ name, id: randomUUID() }))
  const types = categoryIds.flatMap((c) =>
    [1, 2].map((n) => ({ id: randomUUID(), category: c.id, name: `${c.name} type ${n}` })),
  )
  for (const c of categoryIds)
    sql.push(`INSERT INTO retail.categories (category_id, name) VALUES ('${c.id}', ${q(c.name)})`)
  for (const t of types)
    sql.push(
      `INSERT INTO retail.product_types (product_type_id, category_id, name) VALUES ('${t.id}', '${t.category}', ${q(t.name)})`,
    )
  const products = Array.from({ length: 24 }, (_, i) => {
    const type = types[i % types.length]!
    const price = int(5, 300)
    return { id: randomUUID(), type, price, cost: Math.round(price * 0.6) }
  })
  for (const [i, p] of products.entries()) {
    sql.push(
      `INSERT INTO retail.products (product_id, sku, name, brand, description, category_id, product_type_id, price, cost)
       VALUES ('${p.id}', 'EDGE-${i}', 'Edge product ${i}', 'Brand ${i % 4}', 'For tests.', '${p.type.category}', '${p.type.id}', ${p.price}, ${p.cost})`,
    )
  }

  const stores = STORES.map((plan) => ({ ...plan, id: randomUUID() }))
  // Data of each original store, planned once so that its twin gets the same values.
  const planned = new Map<string, ReturnType<typeof planStoreData>>()
  function planStoreData(plan: StorePlan) {
    const customers =
      plan.data === 'full' || plan.data === 'cancelled-only'
        ? Array.from({ length: 12 }, (_, i) => ({
            first: FIRST[i % FIRST.length]!,
            last: LAST[int(0, LAST.length - 1)]!,
            joined: `2024-0${1 + (i % 9)}-1${i % 9}`,
          }))
        : []
    const orders = customers.length
      ? Array.from({ length: 40 }, () => ({
          customer: int(0, customers.length - 1),
          date: `2025-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
          status:
            plan.data === 'cancelled-only'
              ? random() < 0.5
                ? 'cancelled'
                : 'returned'
              : STATUSES[int(0, STATUSES.length - 1)]!,
          items: Array.from({ length: int(1, 3) }, () => ({
            product: int(0, products.length - 1),
            quantity: int(1, 4),
            discount: random() < 0.3 ? 10 : 0,
          })),
        }))
      : []
    const stock =
      plan.data === 'none'
        ? []
        : products
            .filter(() => random() < 0.6)
            .map((p) => ({ product: p, quantity: int(0, 40), reorder: int(0, 10) }))
    return { customers, orders, stock }
  }
  for (const store of stores) {
    sql.push(
      `INSERT INTO retail.stores (store_id, region_id, name, city, address, manager_name, is_online, opened_on)
       VALUES ('${store.id}', '${regionIds.get(store.region)}', ${q(`Zava ${store.name}`)}, ${q(store.region)}, '1 Edge Street', 'Edge Manager', ${store.online ?? false}, '2020-01-01')`,
    )
    const data = store.twinOf ? planned.get(store.twinOf)! : planStoreData(store)
    planned.set(store.name, data)
    const customerIds = data.customers.map((c) => {
      const id = randomUUID()
      sql.push(
        `INSERT INTO retail.customers (customer_id, store_id, first_name, last_name, email, joined_on)
         VALUES ('${id}', '${store.id}', ${q(c.first)}, ${q(c.last)}, '${id}@edge.example', '${c.joined}')`,
      )
      return id
    })
    for (const order of data.orders) {
      const orderId = randomUUID()
      const lines = order.items.map((item) => {
        const product = products[item.product]!
        const total = Math.round(item.quantity * product.price * (1 - item.discount / 100) * 100) / 100
        return { ...item, product, total }
      })
      const total = lines.reduce((sum, l) => sum + l.total, 0).toFixed(2)
      sql.push(
        `INSERT INTO retail.orders (order_id, store_id, customer_id, order_date, status, total_amount)
         VALUES ('${orderId}', '${store.id}', '${customerIds[order.customer]}', '${order.date}', '${order.status}', ${total})`,
      )
      for (const l of lines) {
        sql.push(
          `INSERT INTO retail.order_items (order_id, store_id, product_id, quantity, unit_price, discount_percent, line_total)
           VALUES ('${orderId}', '${store.id}', '${l.product.id}', ${l.quantity}, ${l.product.price}, ${l.discount}, ${l.total.toFixed(2)})`,
        )
      }
    }
    for (const s of data.stock) {
      sql.push(
        `INSERT INTO retail.inventory (store_id, product_id, quantity_on_hand, reorder_level)
         VALUES ('${store.id}', '${s.product.id}', ${s.quantity}, ${s.reorder})`,
      )
    }
  }

  const users: EdgeData['users'] = []
  const addUser = (kind: string, label: string) => {
    const id = randomUUID()
    users.push({ id, kind, label })
    sql.push(
      `INSERT INTO tenancy.users (rls_user_id, display_name, email, kind) VALUES ('${id}', ${q(label)}, '${id}@users.edge.example', '${kind}')`,
    )
    return id
  }
  addUser('head_office', 'Edge head office')
  for (const store of stores) {
    const id = addUser('store_manager', `Manager of ${store.name}`)
    sql.push(`INSERT INTO tenancy.store_managers (rls_user_id, store_id) VALUES ('${id}', '${store.id}')`)
  }
  for (const [region, regionId] of regionIds) {
    const id = addUser('regional_manager', `Manager of region ${region}`)
    sql.push(`INSERT INTO tenancy.regional_managers (rls_user_id, region_id) VALUES ('${id}', '${regionId}')`)
  }
  sql.push('COMMIT', 'ANALYZE')
  const lease = await admin.acquire()
  try {
    await lease.connection.exec(sql.join(';\n'))
  } finally {
    lease.release()
  }
  return { stores: stores.map((s) => ({ id: s.id, name: s.name, region: s.region })), users }
}
