import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { ConfigurationError } from '../errors.ts'
import { createPgliteDb, type Db, pgliteParsers } from './db.ts'
import { TenantSigner } from './tenant-context.ts'

export interface EmbeddedDatabase {
  db: Db & { pglite: PGlite }
  signer: TenantSigner
  close(): Promise<void>
}

/**
 * Opens the embedded PGlite database in `dataDir` (created on first use) with its tenant
 * signing key. One process at a time: PGlite's files must not be shared, so a second server on
 * the same directory stops with a clear message instead of corrupting it.
 */
export async function openEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const releaseLock = acquireLock(join(dataDir, 'zava-mcp.lock'))
  try {
    const signer = new TenantSigner(Buffer.from(readOrCreateKey(join(dataDir, 'tenant.key')), 'hex'))
    const pglite = await PGlite.create({
      dataDir: join(dataDir, 'pgdata'),
      extensions: { vector },
      parsers: pgliteParsers,
    })
    const db = createPgliteDb(pglite)
    return {
      db,
      signer,
      async close() {
        await db.close()
        releaseLock()
      },
    }
  } catch (err) {
    releaseLock()
    throw err
  }
}

function readOrCreateKey(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    const key = TenantSigner.generateKey()
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' })
    return key
  }
}

function acquireLock(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      writeFileSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(path, { force: true })
    } catch {
      const holder = Number(readFileSync(path, 'utf8'))
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new ConfigurationError(
          `Another zava-mcp process (pid ${holder}) is using the embedded database in ${path.replace(/\/zava-mcp\.lock$/, '')}.`,
          'Stop it, or give this server its own directory with ZAVA_DATA_DIR.',
        )
      }
      rmSync(path, { force: true })
    }
  }
  throw new ConfigurationError(`Could not lock ${path}.`, 'Check the permissions of ZAVA_DATA_DIR.')
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM'
  }
}
