import type { Db } from '../../data/db.ts'
import type { CallerKind } from '../../data/with-tenant.ts'
import { adminRead } from './admin-read.ts'

/** Someone the properties act as, with the stores the specification says they may see. */
export interface Tenant {
  rlsUserId: string
  /** 'unknown': an id absent from tenancy.users, which must see nothing. */
  kind: CallerKind | 'unknown'
  label: string
  /** Sorted store ids, computed by the oracle from the identity tables, never by the database's functions. */
  expectedStoreIds: readonly string[]
  source: 'database' | 'scratch' | 'unknown'
}

export interface StoreFact {
  storeId: string
  name: string
  regionId: string
}

/** What the generators and the oracle need to know about the database under test. */
export interface IsolationModel {
  stores: readonly StoreFact[]
  regionIds: readonly string[]
  tenants: readonly Tenant[]
  /** First and last order day over every store ('YYYY-MM-DD'); `today` for store performance. */
  firstOrderDate: string
  lastOrderDate: string
  /** A few real values to filter on, so generated predicates select something. */
  lastNames: readonly string[]
  brands: readonly string[]
}

export type TenantSelection =
  | { users: 'all'; maxUsers?: number; unknownUsers?: number }
  | { users: readonly string[]; unknownUsers?: number }

interface UserRow {
  rls_user_id: string
  kind: CallerKind
  display_name: string
}

/**
 * Reads the stores, the identity tables and a few data facts as the admin (no RLS), and computes
 * each tenant's expected stores from the rules of sql/003 restated here: head office sees every
 * store, a store manager their one store, a regional manager the stores of their regions. The
 * database's own resolution (tenancy.visible_store_ids) is what is under test, so it is not used.
 */
export async function loadIsolationModel(
  admin: Db,
  selection: TenantSelection,
  options: { scratchUserIds?: ReadonlySet<string>; unknownUserIds?: readonly string[] } = {},
): Promise<IsolationModel> {
  return adminRead(admin, async (q) => {
    const stores = (
      await q<{ store_id: string; name: string; region_id: string }>(
        'SELECT store_id, name, region_id FROM retail.stores ORDER BY store_id',
      )
    ).map((s) => ({ storeId: s.store_id, name: s.name, regionId: s.region_id }))
    const regionIds = (await q<{ region_id: string }>('SELECT region_id FROM retail.regions ORDER BY 1')).map(
      (r) => r.region_id,
    )
    const users = await q<UserRow>(
      'SELECT rls_user_id, kind, display_name FROM tenancy.users ORDER BY kind DESC, rls_user_id',
    )
    const storeOf = new Map<string, string[]>()
    for (const row of await q<{ rls_user_id: string; store_id: string }>(
      'SELECT rls_user_id, store_id FROM tenancy.store_managers',
    ))
      storeOf.set(row.rls_user_id, [...(storeOf.get(row.rls_user_id) ?? []), row.store_id])
    const regionsOf = new Map<string, string[]>()
    for (const row of await q<{ rls_user_id: string; region_id: string }>(
      'SELECT rls_user_id, region_id FROM tenancy.regional_managers',
    ))
      regionsOf.set(row.rls_user_id, [...(regionsOf.get(row.rls_user_id) ?? []), row.region_id])

    const allStoreIds = stores.map((s) => s.storeId).sort()
    const expected = (user: UserRow): string[] => {
      switch (user.kind) {
        case 'head_office':
          return allStoreIds
        case 'store_manager': {
          const own = new Set(storeOf.get(user.rls_user_id) ?? [])
          return allStoreIds.filter((id) => own.has(id))
        }
        case 'regional_manager': {
          const regions = new Set(regionsOf.get(user.rls_user_id) ?? [])
          return stores
            .filter((s) => regions.has(s.regionId))
            .map((s) => s.storeId)
            .sort()
        }
      }
    }

    const chosen = chooseUsers(users, selection)
    const tenants: Tenant[] = chosen.map((user) => ({
      rlsUserId: user.rls_user_id,
      kind: user.kind,
      label: `${user.kind} ${user.display_name} (${user.rls_user_id})`,
      expectedStoreIds: expected(user),
      source: options.scratchUserIds?.has(user.rls_user_id) ? 'scratch' : 'database',
    }))
    const known = new Set(users.map((u) => u.rls_user_id))
    for (const id of options.unknownUserIds ?? []) {
      if (known.has(id)) continue
      tenants.push({
        rlsUserId: id,
        kind: 'unknown',
        label: `unknown user ${id}`,
        expectedStoreIds: [],
        source: 'unknown',
      })
    }

    const [span] = await q<{ first: string | null; last: string | null }>(
      'SELECT min(order_date) AS first, max(order_date) AS last FROM retail.orders',
    )
    const lastNames = (
      await q<{ last_name: string }>(
        'SELECT last_name FROM retail.customers GROUP BY last_name ORDER BY count(*) DESC, last_name LIMIT 12',
      )
    ).map((r) => r.last_name)
    const brands = (
      await q<{ brand: string }>('SELECT brand FROM retail.products GROUP BY brand ORDER BY brand LIMIT 12')
    ).map((r) => r.brand)
    return {
      stores,
      regionIds,
      tenants: orderForShrinking(tenants),
      firstOrderDate: span?.first ?? '2025-01-01',
      lastOrderDate: span?.last ?? '2025-12-31',
      lastNames: lastNames.length > 0 ? lastNames : ['Smith'],
      brands: brands.length > 0 ? brands : ['Zava'],
    }
  })
}

function chooseUsers(users: readonly UserRow[], selection: TenantSelection): UserRow[] {
  if (selection.users === 'all') {
    const max = selection.maxUsers ?? Number.POSITIVE_INFINITY
    if (users.length <= max) return [...users]
    // Keep every kind represented: take round-robin over kinds, in a stable order.
    const byKind = new Map<string, UserRow[]>()
    for (const u of users) byKind.set(u.kind, [...(byKind.get(u.kind) ?? []), u])
    const picked: UserRow[] = []
    for (let i = 0; picked.length < max; i++) {
      let any = false
      for (const list of byKind.values()) {
        const u = list[i]
        if (u && picked.length < max) {
          picked.push(u)
          any = true
        }
      }
      if (!any) break
    }
    return picked
  }
  const wanted = new Set(selection.users.map((id) => id.toLowerCase()))
  const found = users.filter((u) => wanted.has(u.rls_user_id))
  const missing = [...wanted].filter((id) => !found.some((u) => u.rls_user_id === id))
  if (missing.length > 0) {
    throw new Error(`These RLS user ids are not in tenancy.users: ${missing.join(', ')}`)
  }
  return found
}

/**
 * fast-check shrinks a constantFrom towards its first values: narrow tenants first, so a minimal
 * counterexample names the simplest tenant that still fails.
 */
function orderForShrinking(tenants: Tenant[]): Tenant[] {
  const rank = { store_manager: 0, regional_manager: 1, unknown: 2, head_office: 3 } as const
  return [...tenants].sort(
    (a, b) =>
      rank[a.kind] - rank[b.kind] ||
      a.expectedStoreIds.length - b.expectedStoreIds.length ||
      a.rlsUserId.localeCompare(b.rlsUserId),
  )
}
