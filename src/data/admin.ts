import { countStores, getLoginRole, getVersions } from '../../generated/admin.queries.ts'
import { installSigningKey as installSigningKeyQuery } from '../../generated/tenancy.queries.ts'
import type { Db } from './db.ts'
import type { TenantSigner } from './tenant-context.ts'

/** Admin tasks on a connection that is not tenant-scoped (migrate, seed, start-up checks). */
async function onAdminConnection<T>(
  db: Db,
  fn: (conn: Awaited<ReturnType<Db['acquire']>>['connection']) => Promise<T>,
) {
  const lease = await db.acquire()
  try {
    return await fn(lease.connection)
  } finally {
    lease.release()
  }
}

/** Stores the key's padded forms where only the database owner can read them. */
export function installSigningKey(db: Db, signer: TenantSigner): Promise<void> {
  return onAdminConnection(db, async (conn) => {
    await installSigningKeyQuery.run(signer.paddedKeys(), conn)
  })
}

export function countStoresAsAdmin(db: Db): Promise<number> {
  return onAdminConnection(db, async (conn) => (await countStores.run(undefined, conn))[0]?.stores ?? 0)
}

export function describeLoginRole(db: Db) {
  return onAdminConnection(db, async (conn) => (await getLoginRole.run(undefined, conn))[0])
}

export function describeDatabase(db: Db) {
  return onAdminConnection(db, async (conn) => (await getVersions.run(undefined, conn))[0]!)
}
