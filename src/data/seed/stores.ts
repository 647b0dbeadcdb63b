import { yearsBefore } from './dates.ts'
import { BRANCH_SUFFIXES, ONLINE_REGION, ONLINE_STORE, REGIONS, type StoreFormat } from './locations.ts'
import { FIRST_NAMES, LAST_NAMES, STAFF_DOMAIN, STREET_TYPES, STREETS } from './names.ts'
import { apportion, Rng } from './random.ts'
import { DEMO_USERS } from './users.ts'

export interface RegionRow {
  id: string
  name: string
}

export interface StoreRow {
  id: string
  regionIndex: number
  name: string
  city: string
  address: string
  format: StoreFormat | 'online'
  isOnline: boolean
  openedOn: number
  /** Relative order volume. */
  size: number
  /** Yearly growth (+) or decline (−) of order volume, e.g. 0.12. */
  growth: number
  /** Propensity to discount (1 = chain average). */
  promo: number
  /** Per-category multiplier of the product mix (catalogue order). */
  categoryMix: number[]
  /** stores.manager_name: the generated store manager, or the demo one for the first store. */
  managerName: string
  /** The generated store manager (the first store has the demo one too). */
  manager: Staff
}

export interface Staff {
  id: string
  firstName: string
  lastName: string
  displayName: string
  email: string
}

export interface StoresPlan {
  regions: RegionRow[]
  stores: StoreRow[]
  /** One generated regional manager per region. */
  regionalManagers: Staff[]
}

/**
 * Regions and stores: the physical regions in REGIONS order (the first gets a larger share of
 * stores), then the 'Online' region with the one online store, last. Store sizes, trends, mixes
 * and opening dates come from the seed; names come from the fixed location lists.
 */
export function planStores(
  seed: number,
  physicalRegions: number,
  storeCount: number,
  windowStart: number,
  categoryMixes: readonly { urban: number; suburban: number; rural: number; online: number }[],
): StoresPlan {
  const rng = new Rng(seed, 'stores')
  const staffRng = new Rng(seed, 'staff')
  const regions: RegionRow[] = []
  const stores: StoreRow[] = []
  const physical = storeCount - 1
  const perRegion = apportion(
    physical,
    REGIONS.slice(0, physicalRegions).map((_, i) => (i === 0 ? 1.4 : 1)),
    2,
  )
  // About one physical store in ten opened during the two years (never the first two, so the
  // first region always has two stores trading from the start).
  const openings = new Set(
    rng
      .shuffled(Array.from({ length: Math.max(0, physical - 2) }, (_, i) => i + 2))
      .slice(0, Math.round(physical * 0.1)),
  )
  const usedNames = new Set<string>()
  let staffNo = 0
  const staff = (kind: string): Staff => {
    const firstName = staffRng.pick(FIRST_NAMES)
    const lastName = staffRng.pick(LAST_NAMES)
    staffNo++
    return {
      id: staffRng.uuid(),
      firstName,
      lastName,
      displayName: `${firstName} ${lastName}`,
      email: `${emailPart(firstName)}.${emailPart(lastName)}.${kind}${staffNo}@${STAFF_DOMAIN}`,
    }
  }
  const managedBy = (name?: string) => {
    const manager = staff('store')
    return { manager, managerName: name ?? manager.displayName }
  }
  const mix = (format: StoreFormat | 'online') =>
    categoryMixes.map((m) => m[format] * (1 + 0.12 * rng.normal()))

  for (let r = 0; r < physicalRegions; r++) {
    const spec = REGIONS[r]!
    regions.push({ id: rng.uuid(), name: spec.name })
    for (let k = 0; k < perRegion[r]!; k++) {
      const location = spec.locations[k % spec.locations.length]!
      const name = storeName(location.name, Math.floor(k / spec.locations.length))
      if (usedNames.has(name)) throw new Error(`duplicate store name ${name}`)
      usedNames.add(name)
      const flagship = stores.length === 0
      const formatSize = location.format === 'urban' ? 1.1 : location.format === 'suburban' ? 1 : 0.7
      const newStore = openings.has(stores.length)
      const openedOn = newStore
        ? windowStart + rng.int(90, 420)
        : yearsBefore(windowStart, rng.int(2, 26)) - rng.int(0, 364)
      stores.push({
        id: rng.uuid(),
        regionIndex: r,
        name,
        city: location.city,
        address: `${rng.int(100, 9899)} ${rng.pick(STREETS)} ${rng.pick(STREET_TYPES)}, ${location.city}, ${location.state}`,
        format: location.format,
        isOnline: false,
        openedOn,
        size: flagship ? 1.5 + 0.2 * rng.float() : formatSize * (0.6 + 0.8 * rng.float()),
        growth: flagship ? 0.06 + 0.04 * rng.float() : newStore ? 0.1 : -0.12 + 0.34 * rng.float(),
        promo: 0.6 + 0.9 * rng.float(),
        categoryMix: mix(location.format),
        ...managedBy(flagship ? DEMO_USERS.storeManager.displayName : undefined),
      })
    }
  }

  regions.push({ id: rng.uuid(), name: ONLINE_REGION })
  const physicalSize = stores.reduce((sum, s) => sum + s.size, 0)
  stores.push({
    id: rng.uuid(),
    regionIndex: regions.length - 1,
    name: ONLINE_STORE.name,
    city: ONLINE_STORE.city,
    address: ONLINE_STORE.address,
    format: 'online',
    isOnline: true,
    openedOn: yearsBefore(windowStart, rng.int(6, 12)) - rng.int(0, 364),
    size: 0.2 * physicalSize,
    growth: 0.2 + 0.1 * rng.float(),
    promo: 1.3,
    categoryMix: mix('online'),
    ...managedBy(),
  })
  const regionalManagers = regions.map(() => staff('region'))
  return { regions, stores, regionalManagers }
}

/** 'Zava Bellevue', then 'Zava Bellevue North', … 'Zava Bellevue North 2' as a region grows. */
function storeName(location: string, round: number): string {
  if (round === 0) return `Zava ${location}`
  const suffix = BRANCH_SUFFIXES[(round - 1) % BRANCH_SUFFIXES.length]!
  const repeat = Math.floor((round - 1) / BRANCH_SUFFIXES.length)
  return `Zava ${location} ${suffix}${repeat > 0 ? ` ${repeat + 1}` : ''}`
}

/** Lower-case letters only: 'O Brien' → 'obrien'. */
export function emailPart(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '')
}
