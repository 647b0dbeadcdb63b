import type { Db } from '../../data/db.ts'
import { type MigrationFile, pendingMigrations, readMigrations } from '../../data/migrations.ts'
import type { Embedder } from '../../infra/embeddings/embedder.ts'
import type { Probe } from './health.ts'

/**
 * The database answers and has every migration of this build applied: one connection, two
 * small queries. The migration files are read once, here.
 */
export async function databaseProbe(db: Db): Promise<Probe> {
  const files: MigrationFile[] = await readMigrations()
  return {
    names: ['database', 'migrations'],
    async check() {
      const pending = await pendingMigrations(db, files)
      return {
        database: { ok: true, state: 'reachable' },
        migrations: pending.length === 0 ? { ok: true, state: 'current' } : { ok: false, state: 'pending' },
      }
    },
  }
}

/**
 * The embedder has loaded (its first embedding succeeded): a local model takes seconds to load,
 * and a replica should get no traffic until then. The warm-up starts at once; a failed one (a
 * remote provider down) is retried by the probe, at most every `retryMs`.
 */
export function embedderProbe(embedder: Embedder, retryMs = 30_000, now: () => number = Date.now): Probe {
  let state: 'loading' | 'loaded' | 'failed' = 'loading'
  let failedAt = 0
  const warmUp = () => {
    state = 'loading'
    embedder.embed(['readiness']).then(
      () => {
        state = 'loaded'
      },
      () => {
        state = 'failed'
        failedAt = now()
      },
    )
  }
  warmUp()
  return {
    names: ['embedder'],
    async check() {
      if (state === 'failed' && now() - failedAt >= retryMs) warmUp()
      return { embedder: { ok: state === 'loaded', state } }
    },
  }
}
