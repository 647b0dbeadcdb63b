import type { Season } from './catalogue/index.ts'
import { civilFromDays, daysFromCivil, weekday } from './dates.ts'

/** Relative sales of a product type by month (January first), by its season. */
export const SEASON_PROFILES: Readonly<Record<Season, readonly number[]>> = {
  flat: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  diy: [0.9, 0.95, 1.05, 1.1, 1.1, 1, 0.95, 0.95, 1, 1, 0.95, 1],
  spring: [0.75, 0.85, 1.15, 1.3, 1.25, 1.1, 1, 0.95, 0.95, 0.9, 0.85, 0.8],
  garden: [0.35, 0.5, 1, 1.6, 1.9, 1.75, 1.5, 1.2, 0.9, 0.65, 0.4, 0.35],
  outdoor: [0.35, 0.4, 0.7, 1.15, 1.65, 1.95, 1.9, 1.55, 0.95, 0.6, 0.4, 0.45],
  heating: [1.9, 1.6, 1.15, 0.7, 0.4, 0.3, 0.3, 0.35, 0.6, 1.15, 1.65, 1.9],
  cooling: [0.2, 0.25, 0.4, 0.7, 1.3, 2.2, 2.8, 2.2, 0.9, 0.4, 0.25, 0.2],
  winter: [2, 1.6, 0.9, 0.5, 0.35, 0.3, 0.3, 0.35, 0.55, 1, 1.6, 2.3],
  festive: [0.15, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.15, 0.3, 1.2, 4, 6],
}

/** Order volume of the whole chain by month: a spring peak and a December bump. */
const CHAIN_MONTHS = [0.82, 0.86, 1, 1.12, 1.16, 1.1, 1.04, 1, 0.96, 0.95, 0.98, 1.08]

/** Sunday first: weekends are busy in stores; online is busiest early in the week. */
const STORE_WEEKDAYS = [1.25, 0.8, 0.8, 0.85, 0.9, 1.05, 1.5]
const ONLINE_WEEKDAYS = [1.15, 1.1, 1, 1, 0.95, 0.9, 0.9]

/** The n-th (1-based) given weekday of a month, as a day number. */
function nthWeekday(year: number, month: number, dow: number, n: number): number {
  const first = daysFromCivil(year, month, 1)
  return first + ((dow - weekday(first) + 7) % 7) + (n - 1) * 7
}

function lastWeekday(year: number, month: number, dow: number): number {
  const last = (month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1)) - 1
  return last - ((weekday(last) - dow + 7) % 7)
}

/** Calendar facts of one day that drive order volume, discounts and the product mix. */
export interface DayInfo {
  /** 0 = January. */
  month: number
  /** Multiplier of a physical store's orders that day (0 when closed). */
  store: number
  /** Multiplier of the online store's orders that day. */
  online: number
  /** Base probability that an order line is discounted. */
  discount: number
}

/**
 * US retail calendar: closed on Thanksgiving and Christmas Day, Black Friday and Boxing Day
 * peaks, Memorial Day and Labor Day weekends, January sales.
 */
export function dayInfo(day: number): DayInfo {
  const { year, month, day: dom } = civilFromDays(day)
  const dow = weekday(day)
  const base = CHAIN_MONTHS[month - 1]!
  let store = base * STORE_WEEKDAYS[dow]!
  let online = base * ONLINE_WEEKDAYS[dow]!
  let discount = month === 12 ? 0.14 : 0.08
  const thanksgiving = nthWeekday(year, 11, 4, 4)
  const memorial = lastWeekday(year, 5, 1)
  const labor = nthWeekday(year, 9, 1, 1)
  if (day === thanksgiving) {
    store = 0
    online *= 1.3
  } else if (day === thanksgiving + 1) {
    store *= 2.4
    online *= 2.2
    discount = 0.4
  } else if (day > thanksgiving + 1 && day <= thanksgiving + 4) {
    store *= 1.3
    online *= day === thanksgiving + 4 ? 2.3 : 1.4
    discount = 0.3
  } else if (month === 12 && dom === 25) {
    store = 0
    online *= 0.3
  } else if (month === 12 && dom === 24) {
    store *= 0.6
  } else if (month === 12 && dom === 26) {
    store *= 1.5
    online *= 1.4
    discount = 0.3
  } else if (month === 12) {
    store *= 1.15
    online *= 1.25
  } else if (month === 1 && dom === 1) {
    store *= 0.35
  } else if (month === 1 && dom <= 14) {
    discount = 0.2
  } else if (day >= memorial - 2 && day <= memorial) {
    store *= 1.45
    online *= 1.2
    discount = 0.22
  } else if (day >= labor - 2 && day <= labor) {
    store *= 1.3
    discount = 0.2
  } else if (month === 7 && dom === 4) {
    store *= 0.55
  }
  return { month: month - 1, store, online, discount }
}

/** End-of-season clearance: seasonal lines are discounted more once their season is over. */
export function clearanceBoost(season: Season, month: number): number {
  if ((season === 'garden' || season === 'outdoor' || season === 'cooling') && (month === 7 || month === 8))
    return 2.5
  if ((season === 'heating' || season === 'winter') && (month === 1 || month === 2)) return 2.5
  if (season === 'festive' && month === 0) return 4
  return 1
}
