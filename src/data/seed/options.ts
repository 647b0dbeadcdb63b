import { ValidationError } from '../../errors.ts'
import { parseDay } from './dates.ts'

export interface SeedOptions {
  /** Size of the data set: 1 ≈ 10 stores, 2,000 products, 20,000 customers, 200,000 orders. */
  scale: number
  /** PRNG seed, an integer in [0, 2^32 − 1]. */
  seed: number
  /** The last order date, 'YYYY-MM-DD'; orders cover the two years ending on it. */
  today?: string
  /** Called after each chunk with the rows loaded so far into `table` (e.g. 'retail.orders'). */
  onProgress?: (table: string, rows: number) => void
}

export const DEFAULT_SEED = 42
/** Orders cover calendar years 2024 and 2025 unless `today` says otherwise. */
export const DEFAULT_TODAY = '2025-12-31'
export const MIN_SCALE = 0.01
export const MAX_SCALE = 100

/** Physical regions available (the online store has a region of its own). */
export const MAX_PHYSICAL_REGIONS = 10

/** Row counts decided by the scale alone (inventory and order items follow from them). */
export interface SeedSize {
  /** Including the 'Online' region. */
  regions: number
  /** Including the one online store. */
  stores: number
  products: number
  customers: number
  orders: number
}

/**
 * The scale rule:
 *   stores    = max(3, round(10 × scale)), one of them online
 *   regions   = 1 ('Online') + clamp(round(2 × √scale), 1, ⌊physical stores / 2⌋), at most 10
 *   products  = max(300, round(2000 × min(1, √scale)))
 *   customers = max(10 × stores, round(20000 × scale))
 *   orders    = round(200000 × scale)
 * so even the smallest scale has 2 physical stores in one region plus the online one, and every
 * physical region has at least 2 stores.
 */
export function seedSize(scale: number): SeedSize {
  const stores = Math.max(3, Math.round(10 * scale))
  const physical = stores - 1
  const physicalRegions = Math.min(
    MAX_PHYSICAL_REGIONS,
    Math.max(1, Math.min(Math.round(2 * Math.sqrt(scale)), Math.floor(physical / 2))),
  )
  return {
    regions: physicalRegions + 1,
    stores,
    products: Math.max(300, Math.round(2000 * Math.min(1, Math.sqrt(scale)))),
    customers: Math.max(10 * stores, Math.round(20000 * scale)),
    orders: Math.round(200000 * scale),
  }
}

export interface ValidOptions {
  scale: number
  seed: number
  today: string
  todayDay: number
}

/** Checks the options; throws a ValidationError that says what is accepted. */
export function validateOptions(options: SeedOptions): ValidOptions {
  const { scale, seed } = options
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < MIN_SCALE || scale > MAX_SCALE) {
    throw new ValidationError(
      `Invalid seed scale ${String(scale)}: expected a number from ${MIN_SCALE} to ${MAX_SCALE}.`,
      'Use 1 for the full demo (10 stores, 200,000 orders), 0.05 for a small embedded data set.',
    )
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ValidationError(
      `Invalid seed ${String(seed)}: expected an integer from 0 to 4294967295.`,
      `Omit it to use the default seed ${DEFAULT_SEED}.`,
    )
  }
  const today = options.today ?? DEFAULT_TODAY
  const todayDay = parseDay(today)
  if (todayDay === undefined || todayDay < parseDay('2000-01-01')! || todayDay > parseDay('2999-12-31')!) {
    throw new ValidationError(
      `Invalid seed date ${JSON.stringify(today)}: expected a calendar date 'YYYY-MM-DD' from 2000 on.`,
      `It is the last order date; the default is ${DEFAULT_TODAY}.`,
    )
  }
  return { scale, seed, today, todayDay }
}
