import type { Db } from '../../data/db.ts'
import { adminRead, adminWrite } from './admin-read.ts'

export interface ScratchTenants {
  ids: ReadonlySet<string>
  /** Deletes the scratch users (their manager rows cascade). Idempotent. */
  remove(): Promise<void>
}

/**
 * Marks scratch users, so those of a run killed before `remove()` can be found and deleted by hand:
 * DELETE FROM tenancy.users WHERE email LIKE '%@isolation.verify.zava.invalid'
 */
export const SCRATCH_EMAIL_DOMAIN = 'isolation.verify.zava.invalid'

/**
 * Inserts `count` regional managers over random subsets of the existing regions (the first has no
 * region at all, the second every region), so tenants with store sets the seeded users lack are
 * tested too. Stores and data are never touched: only tenancy.users and tenancy.regional_managers.
 */
export async function createScratchTenants(
  admin: Db,
  options: { count: number; seed: number },
): Promise<ScratchTenants> {
  const regionIds = await adminRead(admin, async (q) =>
    (await q<{ region_id: string }>('SELECT region_id FROM retail.regions ORDER BY 1')).map(
      (r) => r.region_id,
    ),
  )
  const random = mulberry32(options.seed)
  const plans = Array.from({ length: options.count }, (_, i) => {
    if (i === 0) return []
    if (i === 1) return regionIds
    return regionIds.filter(() => random() < 0.5)
  })
  // Ids follow from the seed, so a replay (same seed and path) sees the same tenants in the same order.
  const ids = plans.map(() => uuidFrom(random))
  await adminWrite(admin, async (q) => {
    // Left by an earlier run with this seed that was killed before removing them.
    await q('DELETE FROM tenancy.users WHERE rls_user_id = ANY($1::uuid[]) AND email LIKE $2', [
      ids,
      `%@${SCRATCH_EMAIL_DOMAIN}`,
    ])
    for (const [i, regions] of plans.entries()) {
      const id = ids[i]!
      await q(
        `INSERT INTO tenancy.users (rls_user_id, display_name, email, kind) VALUES ($1, $2, $3, 'regional_manager')`,
        [
          id,
          `Scratch regional manager ${i + 1} (${regions.length} regions)`,
          `${id}@${SCRATCH_EMAIL_DOMAIN}`,
        ],
      )
      for (const region of regions)
        await q('INSERT INTO tenancy.regional_managers (rls_user_id, region_id) VALUES ($1, $2)', [
          id,
          region,
        ])
    }
  })
  let removed: Promise<void> | undefined
  return {
    ids: new Set(ids),
    remove() {
      removed ??= adminWrite(admin, async (q) => {
        await q('DELETE FROM tenancy.users WHERE rls_user_id = ANY($1::uuid[])', [ids])
      })
      return removed
    },
  }
}

/** A version-4-shaped UUID from the PRNG. */
function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = '89ab'[Math.floor(random() * 4)]!
  const h = hex.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** A small seeded PRNG: scratch tenants are the same for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
