import { containerBackend } from './container.ts'
import { embeddedBackend } from './embedded.ts'
import { errorMessage, ProvisionError } from './errors.ts'
import { localBackend } from './local.ts'
import {
  type Availability,
  type Backend,
  type BackendKind,
  backendKinds,
  type ProvisionContext,
  type ProvisionedDatabase,
  type ProvisionOptions,
} from './types.ts'
import { urlBackend } from './url.ts'

export { containerLabel, defaultImage } from './container.ts'
export { ProvisionError } from './errors.ts'
export type { Availability, BackendKind, ProvisionedDatabase, ProvisionOptions } from './types.ts'
export { backendKinds }

/** In `auto` order: an explicit server first, the in-process fallback last. */
const backends: readonly Backend[] = [urlBackend, containerBackend, localBackend, embeddedBackend]

/**
 * Gives a fresh PostgreSQL database where `CREATE EXTENSION vector` works, from the backend chosen
 * by `opts.backend` or ZAVA_DB_BACKEND (url | container | local | embedded | auto, default auto).
 * Always `stop()` it; an exit/signal guard cleans up if the process dies first.
 *
 * @example
 *   const db = await provisionDatabase({ log: console.error })
 *   try { await migrate(db.url) } finally { await db.stop() }
 */
export async function provisionDatabase(opts: ProvisionOptions = {}): Promise<ProvisionedDatabase> {
  const ctx: ProvisionContext = { env: opts.env ?? process.env, log: opts.log ?? (() => {}) }
  const requested = opts.backend ?? (ctx.env.ZAVA_DB_BACKEND || 'auto')
  if (requested === 'auto') return provisionAuto(ctx)

  const backend = backendOf(requested)
  const availability = await backend.probe(ctx)
  if (!availability.ok)
    throw new ProvisionError(`${backend.kind}: ${availability.missing}`, availability.hint)
  ctx.log(`${backend.kind}: requested; ${availability.detail}`)
  return backend.start(ctx)
}

/**
 * Whether a backend could be used here, without starting anything (quick: at most about a second
 * for a Docker ping). For diagnostics and for tests that skip unavailable backends.
 */
export function probeBackend(
  kind: BackendKind,
  opts: Pick<ProvisionOptions, 'env'> = {},
): Promise<Availability> {
  return backendOf(kind).probe({ env: opts.env ?? process.env, log: () => {} })
}

function backendOf(kind: string): Backend {
  const backend = backends.find((candidate) => candidate.kind === kind)
  if (backend) return backend
  throw new ProvisionError(
    `invalid database backend "${kind}": expected one of auto, ${backendKinds.join(', ')}`,
    'set ZAVA_DB_BACKEND to one of those values, or unset it for auto',
  )
}

async function provisionAuto(ctx: ProvisionContext): Promise<ProvisionedDatabase> {
  const skipped: string[] = []
  for (const backend of backends) {
    const availability = await backend.probe(ctx)
    if (!availability.ok) {
      ctx.log(`auto: skipping ${backend.kind}: ${availability.missing}`)
      skipped.push(`${backend.kind}: ${availability.missing}`)
      continue
    }
    ctx.log(`auto: chose ${backend.kind}: ${availability.detail}`)
    // A URL the user set is a deliberate choice: its failure must surface, not fall through.
    if (backend.kind === 'url' || backend.kind === 'embedded') return backend.start(ctx)
    try {
      return await backend.start(ctx)
    } catch (err) {
      ctx.log(`auto: ${backend.kind} failed to start, trying the next backend: ${errorMessage(err)}`)
      skipped.push(`${backend.kind}: ${errorMessage(err)}`)
    }
  }
  throw new ProvisionError(`no database backend works (${skipped.join('; ')})`, 'see the reasons above')
}
