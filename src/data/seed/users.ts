import { text } from './csv.ts'
import { REGIONS } from './locations.ts'
import type { StoresPlan } from './stores.ts'

export type UserKind = 'store_manager' | 'regional_manager' | 'head_office'

export interface DemoUser {
  rlsUserId: string
  displayName: string
  email: string
  kind: UserKind
  description: string
}

const FIRST_REGION = REGIONS[0]!
const FIRST_STORE = `Zava ${FIRST_REGION.locations[0]!.name}`

/**
 * The three demo identities, the same whatever the seed or scale: a store manager of the first
 * physical store (Zava Seattle Downtown), a regional manager of the first region (Pacific
 * Northwest, at least 2 stores) and a head-office analyst who sees every store.
 */
export const DEMO_USERS: { storeManager: DemoUser; regionalManager: DemoUser; headOffice: DemoUser } = {
  storeManager: {
    rlsUserId: '11111111-1111-4111-8111-111111111111',
    displayName: 'Sam Carter',
    email: 'demo.store.manager@zava.example',
    kind: 'store_manager',
    description: `Store manager of ${FIRST_STORE}`,
  },
  regionalManager: {
    rlsUserId: '22222222-2222-4222-8222-222222222222',
    displayName: 'Robin Alvarez',
    email: 'demo.regional.manager@zava.example',
    kind: 'regional_manager',
    description: `Regional manager of the ${FIRST_REGION.name} region`,
  },
  headOffice: {
    rlsUserId: '33333333-3333-4333-8333-333333333333',
    displayName: 'Jordan Blake',
    email: 'demo.head.office@zava.example',
    kind: 'head_office',
    description: 'Head-office analyst: sees every store of the chain',
  },
}

/** tenancy.users: the demo users, then one store manager per store, then one regional manager per region. */
export function* userRows(plan: StoresPlan): Generator<string> {
  for (const user of Object.values(DEMO_USERS)) {
    yield `${user.rlsUserId},${text(user.displayName)},${user.email},${user.kind}\n`
  }
  for (const store of plan.stores) {
    yield `${store.manager.id},${text(store.manager.displayName)},${store.manager.email},store_manager\n`
  }
  for (const manager of plan.regionalManagers) {
    yield `${manager.id},${text(manager.displayName)},${manager.email},regional_manager\n`
  }
}

export function* storeManagerRows(plan: StoresPlan): Generator<string> {
  yield `${DEMO_USERS.storeManager.rlsUserId},${plan.stores[0]!.id}\n`
  for (const store of plan.stores) yield `${store.manager.id},${store.id}\n`
}

export function* regionalManagerRows(plan: StoresPlan): Generator<string> {
  yield `${DEMO_USERS.regionalManager.rlsUserId},${plan.regions[0]!.id}\n`
  for (let r = 0; r < plan.regions.length; r++) {
    yield `${plan.regionalManagers[r]!.id},${plan.regions[r]!.id}\n`
  }
}
