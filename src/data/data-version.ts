import { bumpDataVersion as bumpQuery, getDataVersion } from '../../generated/meta.queries.ts'
import type { Db } from './db.ts'

/** The database's data version (`zava_meta.data_version`), as a string: part of every cache key. */
export async function readDataVersion(db: Db): Promise<string> {
  const lease = await db.acquire()
  try {
    const [row] = await getDataVersion.run(undefined, lease.connection)
    return row?.version ?? '0'
  } finally {
    lease.release()
  }
}

/**
 * Marks the data as changed, so every server's cached answers stop being used (they are keyed by
 * version). Call it after anything that changes what queries return: migrate, seed, embed.
 * Needs an admin login; a database migrated before 006_data_version has nothing to bump.
 */
export async function bumpDataVersion(db: Db, reason: string): Promise<string | undefined> {
  const lease = await db.acquire()
  try {
    const [row] = await bumpQuery.run({ reason }, lease.connection)
    return row?.version
  } finally {
    lease.release()
  }
}

/**
 * A version reader remembered for `maxAgeMs` (default 1 s): cheap enough to ask on every call.
 * Concurrent callers share one read; a failed read is not remembered (the cache is bypassed).
 *
 * @example cachedDataVersion(() => readDataVersion(db))
 */
export function cachedDataVersion(read: () => Promise<string>, maxAgeMs = 1_000): () => Promise<string> {
  let value: { version: string; at: number } | undefined
  let pending: Promise<string> | undefined
  return () => {
    if (value && performance.now() - value.at < maxAgeMs) return Promise.resolve(value.version)
    pending ??= read()
      .then((version) => {
        value = { version, at: performance.now() }
        return version
      })
      .finally(() => {
        pending = undefined
      })
    return pending
  }
}
