import { clearanceBoost, type DayInfo, dayInfo, SEASON_PROFILES } from './calendar.ts'
import type { Quantity } from './catalogue/index.ts'
import { money } from './csv.ts'
import type { CustomersPlan } from './customers.ts'
import { formatDay } from './dates.ts'
import type { ProductRow, TypeRow } from './products.ts'
import { cumulative, Rng, sample } from './random.ts'
import type { StoreRow } from './stores.ts'

export interface OrdersInput {
  seed: number
  stores: readonly StoreRow[]
  types: readonly TypeRow[]
  products: readonly ProductRow[]
  carried: Uint8Array
  customers: CustomersPlan
  windowStart: number
  today: number
  volume: OrderVolume
}

/** How many lines an order has: mostly 1–3, up to 6. */
const LINES = cumulative([0.36, 0.26, 0.16, 0.11, 0.07, 0.04])
const DISCOUNTS = [5, 10, 10, 10, 15, 15, 20, 20, 25, 30, 40, 50]
const QUANTITIES: Record<Quantity, { values: number[]; cdf: Float64Array }> = {
  single: quantities([1, 0.95], [2, 0.05]),
  few: quantities([1, 0.7], [2, 0.2], [3, 0.06], [4, 0.04]),
  multi: quantities([1, 0.45], [2, 0.25], [3, 0.12], [4, 0.08], [5, 0.04], [6, 0.03], [8, 0.02], [10, 0.01]),
  bulk: quantities(
    [1, 0.2],
    [2, 0.15],
    [3, 0.1],
    [4, 0.1],
    [5, 0.08],
    [6, 0.08],
    [8, 0.07],
    [10, 0.08],
    [12, 0.05],
    [15, 0.04],
    [20, 0.03],
    [25, 0.02],
  ),
}

function quantities(...pairs: [number, number][]) {
  return { values: pairs.map((p) => p[0]), cdf: cumulative(pairs.map((p) => p[1])) }
}

/** The order volume plan: the calendar of the window and the orders per store and day. */
export interface OrderVolume {
  calendar: DayInfo[]
  /** Orders of store s on day d (from the window start) at `[d * stores + s]`. */
  counts: Int32Array
  /** Orders per store over the whole window. */
  perStore: number[]
}

/**
 * How many orders each store takes each day: store size × trend × calendar (month, weekday,
 * holidays) × noise, scaled and rounded so that they add up to exactly `orders`.
 */
export function planOrderVolume(
  seed: number,
  stores: readonly StoreRow[],
  windowStart: number,
  today: number,
  orders: number,
): OrderVolume {
  const rng = new Rng(seed, 'order-volume')
  const days = today - windowStart + 1
  const calendar = Array.from({ length: days }, (_, d) => dayInfo(windowStart + d))
  const weights = new Float64Array(days * stores.length)
  let total = 0
  for (let d = 0; d < days; d++) {
    const day = windowStart + d
    const info = calendar[d]!
    for (let s = 0; s < stores.length; s++) {
      const store = stores[s]!
      const noise = Math.max(0.3, 1 + 0.15 * rng.normal())
      if (day < store.openedOn) continue
      const trend = Math.max(0.3, 1 + (store.growth * d) / 365)
      const ramp = day - store.openedOn < 180 ? 0.3 + (0.7 * (day - store.openedOn)) / 180 : 1
      const w = store.size * trend * ramp * noise * (store.isOnline ? info.online : info.store)
      weights[d * stores.length + s] = w
      total += w
    }
  }
  const counts = new Int32Array(weights.length)
  const perStore = stores.map(() => 0)
  let acc = 0
  let emitted = 0
  for (let i = 0; i < weights.length; i++) {
    acc += (orders * weights[i]!) / total
    const upTo = i === weights.length - 1 ? orders : Math.round(acc)
    counts[i] = upTo - emitted
    perStore[i % stores.length]! += upTo - emitted
    emitted = upTo
  }
  return { calendar, counts, perStore }
}

/**
 * Simulates the orders day by day, store by store. Orders and their items come from one
 * simulation; `emit` says which table's rows to yield. Both passes draw the same random numbers
 * (ids included), so they agree without holding the orders in memory.
 */
export function* orderRows(input: OrdersInput, emit: 'orders' | 'items'): Generator<string> {
  const { stores, types, products, carried, customers, windowStart, today } = input
  const rng = new Rng(input.seed, 'orders')
  const { calendar, counts } = input.volume
  const days = calendar.length
  const priceText = products.map((p) => money(p.priceCents))
  const pickers = stores.map((_, s) => productPickers(s, types.length, products, carried))
  // Customers of a store who had joined by the current day: a prefix of its range.
  const joinedBy = new Int32Array(stores.length)
  let typeCdfs: (Float64Array | undefined)[] = []
  let month = -1
  const inOrder: number[] = []

  for (let d = 0; d < days; d++) {
    const day = windowStart + d
    const info = calendar[d]!
    const date = formatDay(day)
    const age = today - day
    if (info.month !== month) {
      month = info.month
      typeCdfs = stores.map((store, s) => typeMix(store, types, pickers[s]!, month))
    }
    for (let s = 0; s < stores.length; s++) {
      const n = counts[d * stores.length + s]!
      if (n === 0) continue
      const store = stores[s]!
      const first = customers.start[s]!
      const last = first + customers.count[s]!
      let eligible = first + joinedBy[s]!
      while (eligible < last && customers.joined[eligible]! <= day) eligible++
      joinedBy[s] = eligible - first
      const typeCdf = typeCdfs[s]!
      const picker = pickers[s]!
      for (let k = 0; k < n; k++) {
        const orderId = rng.uuid()
        // Regulars (the longest-standing tenth of customers) order more often than the rest.
        const pool = rng.chance(0.3) ? Math.max(1, Math.floor((eligible - first) / 10)) : eligible - first
        const customerId = customers.ids[first + Math.floor(rng.float() * pool)]!
        const status = orderStatus(rng, age, store.isOnline)
        const lines = sample(LINES, rng) + 1
        const coupon = rng.chance(0.03)
        let total = 0
        inOrder.length = 0
        for (let line = 0; line < lines; line++) {
          const t = sample(typeCdf, rng)
          const pick = picker[t]!
          let p = pick.products[sample(pick.cdf, rng)]!
          if (inOrder.includes(p)) {
            p = pick.products[sample(pick.cdf, rng)]!
            if (inOrder.includes(p)) continue
          }
          inOrder.push(p)
          const type = types[t]!
          const q = QUANTITIES[type.quantity]
          const quantity = q.values[sample(q.cdf, rng)]!
          const discountChance = info.discount * store.promo * clearanceBoost(type.season, month)
          const discount = coupon ? 10 : rng.chance(discountChance) ? rng.pick(DISCOUNTS) : 0
          const unit = products[p]!.priceCents
          const lineTotal = Math.floor((quantity * unit * (100 - discount) + 50) / 100)
          total += lineTotal
          if (emit === 'items') {
            yield `${rng.uuid()},${orderId},${store.id},${products[p]!.id},${quantity},${priceText[p]},${discount},${money(lineTotal)}\n`
          } else {
            rng.skipUuid()
          }
        }
        if (emit === 'orders')
          yield `${orderId},${store.id},${customerId},${date},${status},${money(total)}\n`
      }
    }
  }
}

interface Picker {
  products: Int32Array
  cdf: Float64Array
}

/** Per type, the products the store carries and their popularity. */
function productPickers(
  store: number,
  typeCount: number,
  products: readonly ProductRow[],
  carried: Uint8Array,
): (Picker | undefined)[] {
  const byType: number[][] = Array.from({ length: typeCount }, () => [])
  for (let p = 0; p < products.length; p++) {
    if (carried[store * products.length + p]) byType[products[p]!.typeIndex]!.push(p)
  }
  return byType.map((list) =>
    list.length === 0
      ? undefined
      : { products: Int32Array.from(list), cdf: cumulative(list.map((p) => products[p]!.popularity)) },
  )
}

/** The store's product-type mix in a month: demand × the store's category mix × season. */
function typeMix(store: StoreRow, types: readonly TypeRow[], pickers: (Picker | undefined)[], month: number) {
  return cumulative(
    types.map((type, t) =>
      pickers[t]
        ? type.demand * store.categoryMix[type.categoryIndex]! * SEASON_PROFILES[type.season][month]!
        : 0,
    ),
  )
}

/** Recent orders are still open; older ones are completed, a few returned or cancelled. */
function orderStatus(rng: Rng, age: number, online: boolean): string {
  const u = rng.float()
  if (age <= 1 && u < 0.35) return 'pending'
  if (online && age <= 5 && u < 0.65) return 'shipped'
  if (u < (online ? 0.045 : 0.025)) return 'returned'
  if (u < (online ? 0.065 : 0.037)) return 'cancelled'
  return 'completed'
}
