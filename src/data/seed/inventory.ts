import type { ProductRow } from './products.ts'
import { Rng } from './random.ts'
import type { StoreRow } from './stores.ts'

/**
 * Which products each store stocks (`carried[store * products + product]`): the online store
 * nearly everything, physical stores 70–90 % depending on their size, fewer of the categories
 * their format sells little of.
 */
export function planRange(
  seed: number,
  stores: readonly StoreRow[],
  products: readonly ProductRow[],
): Uint8Array {
  const rng = new Rng(seed, 'range')
  const carried = new Uint8Array(stores.length * products.length)
  stores.forEach((store, s) => {
    const base = store.isOnline ? 0.97 : 0.7 + 0.2 * Math.min(1, store.size / 1.5)
    products.forEach((product, p) => {
      const weak = store.categoryMix[product.categoryIndex]! < 0.8
      carried[s * products.length + p] = rng.chance(weak ? base * 0.8 : base) ? 1 : 0
    })
  })
  return carried
}

/** A typical stock level by price: many cheap fixings, a few expensive machines. */
function typicalStock(priceCents: number): number {
  if (priceCents < 1000) return 60
  if (priceCents < 5000) return 25
  if (priceCents < 20000) return 10
  return 4
}

/** Inventory rows: id, store, product, quantity on hand (some 0, some under the reorder level), reorder level. */
export function* inventoryRows(
  seed: number,
  stores: readonly StoreRow[],
  products: readonly ProductRow[],
  carried: Uint8Array,
): Generator<string> {
  const rng = new Rng(seed, 'inventory')
  for (let s = 0; s < stores.length; s++) {
    const store = stores[s]!
    const scale = store.isOnline ? 3 : store.size
    for (let p = 0; p < products.length; p++) {
      if (carried[s * products.length + p] === 0) continue
      const product = products[p]!
      const typical = typicalStock(product.priceCents) * scale * (0.6 + product.popularity)
      const reorder = Math.max(1, Math.round(typical * 0.3))
      const quantity = rng.chance(0.06) ? 0 : Math.round(typical * (0.1 + 1.9 * rng.float()))
      yield `${rng.uuid()},${store.id},${product.id},${quantity},${reorder}\n`
    }
  }
}
