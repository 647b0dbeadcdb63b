import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { errorMessage, ProvisionError } from './errors.ts'
import type { Backend, ProvisionedDatabase } from './types.ts'

/**
 * Queries from all connections are queued onto PGlite's single backend session, so a `pg.Pool`
 * works, but session-level state (SET, temp tables) is shared: keep tenant context transaction-local.
 */
const maxConnections = 64

export const embeddedBackend: Backend = {
  kind: 'embedded',
  async probe() {
    return { ok: true, detail: 'PGlite (in-process, always available)' }
  },
  async start(ctx) {
    ctx.log('embedded: starting PGlite in memory with pgvector')
    let db: PGlite | undefined
    try {
      db = await PGlite.create({ extensions: { vector } })
      await db.exec('BEGIN; CREATE EXTENSION IF NOT EXISTS vector; ROLLBACK')
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections })
      await server.start()
      return served(db, server)
    } catch (err) {
      await db?.close().catch(() => {})
      throw new ProvisionError(
        `embedded: PGlite failed to start: ${errorMessage(err)}`,
        'reinstall dependencies (bun install) so @electric-sql/pglite, -pgvector and -socket match',
        { cause: err },
      )
    }
  },
}

function served(db: PGlite, server: PGLiteSocketServer): ProvisionedDatabase {
  const address = server.getServerConn()
  let stopping: Promise<void> | undefined
  return {
    backend: 'embedded',
    url: `postgres://postgres@${address}/postgres`,
    pglite: db,
    description: `embedded PGlite with pgvector on ${address}`,
    stop() {
      stopping ??= (async () => {
        await server.stop()
        if (!db.closed) await db.close()
      })()
      return stopping
    },
  }
}
