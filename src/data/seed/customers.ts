import { yearsBefore } from './dates.ts'
import { apportion, Rng } from './random.ts'
import type { StoreRow } from './stores.ts'

/**
 * Customers of all stores, in proportion to the stores' orders (about 10 orders per customer
 * over the two years), store by store; within a store sorted by the day they joined, so the
 * customers who had joined by a given day are a prefix of the store's range.
 */
export interface CustomersPlan {
  ids: string[]
  joined: Int32Array
  /** Index of each store's first customer in `ids`, and how many it has. */
  start: Int32Array
  count: Int32Array
}

export function planCustomers(
  seed: number,
  stores: readonly StoreRow[],
  ordersPerStore: readonly number[],
  total: number,
  windowStart: number,
  today: number,
): CustomersPlan {
  const rng = new Rng(seed, 'customers')
  const counts = apportion(
    total,
    ordersPerStore.map((orders) => (orders + 1) * (0.8 + 0.4 * rng.float())),
    5,
  )
  const ids: string[] = []
  const joined = new Int32Array(total)
  const start = new Int32Array(stores.length)
  const count = new Int32Array(stores.length)
  const earliest = yearsBefore(windowStart, 6)
  let next = 0
  stores.forEach((store, s) => {
    const n = counts[s]!
    const days = new Int32Array(n)
    const opened = store.openedOn
    if (opened >= windowStart) {
      // A new store: a rush of sign-ups at the opening, tailing off.
      for (let i = 0; i < n; i++) {
        const u = rng.float()
        days[i] = opened + Math.floor((today + 1 - opened) * u * u)
      }
    } else {
      const lo = Math.max(opened, earliest)
      const before = Math.min(0.8, Math.max(0.3, 0.55 - store.growth))
      for (let i = 0; i < n; i++) {
        days[i] = rng.chance(before) ? rng.int(lo, windowStart - 1) : rng.int(windowStart, today)
      }
    }
    days.sort()
    // Someone must be able to place the store's first order.
    days[0] = Math.min(days[0]!, Math.max(opened, windowStart))
    start[s] = next
    count[s] = n
    for (let i = 0; i < n; i++) {
      ids.push(rng.uuid())
      joined[next++] = days[i]!
    }
  })
  return { ids, joined, start, count }
}
