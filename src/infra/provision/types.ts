import type { PGlite } from '@electric-sql/pglite'

export const backendKinds = ['url', 'container', 'local', 'embedded'] as const
export type BackendKind = (typeof backendKinds)[number]

export interface ProvisionedDatabase {
  backend: BackendKind
  /** postgres:// URL with superuser (or the given admin) rights, usable by `pg` and pgtyped */
  url: string
  /** Only for 'embedded': the in-process PGlite instance (the url is served over pglite-socket) */
  pglite?: PGlite
  /** Human description without passwords, e.g. "container pgvector/pgvector:pg17 on localhost:49153" */
  description: string
  /** Idempotent: removes containers, temp dirs, sockets, databases */
  stop(): Promise<void>
}

export interface ProvisionOptions {
  /** Default: env ZAVA_DB_BACKEND, else 'auto' */
  backend?: BackendKind | 'auto'
  /** Default: process.env */
  env?: Record<string, string | undefined>
  /** Progress lines (default: none) */
  log?: (message: string) => void
}

export interface ProvisionContext {
  env: Record<string, string | undefined>
  log: (message: string) => void
}

/** Result of a quick, side-effect-free availability check. */
export type Availability = { ok: true; detail: string } | { ok: false; missing: string; hint: string }

export interface Backend {
  kind: BackendKind
  probe(ctx: ProvisionContext): Promise<Availability>
  start(ctx: ProvisionContext): Promise<ProvisionedDatabase>
}
