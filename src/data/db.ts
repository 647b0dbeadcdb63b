import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { from as copyFromStdin } from 'pg-copy-streams'

/**
 * One connection, held for the length of a transaction. Its `query` has the shape that
 * `@pgtyped/runtime` expects, so generated queries run on it directly.
 */
export interface QueryResult {
  rows: any[]
  rowCount: number
  fields: { name: string; dataTypeID: number }[]
}

export interface Connection {
  query(text: string, values?: unknown[]): Promise<QueryResult>
  /** Several statements at once (simple protocol): migrations and admin tasks only. */
  exec(sql: string): Promise<void>
  /**
   * Bulk load: `copySql` is a COPY statement whose source is written `{source}`
   * (e.g. `COPY t (a, b) FROM {source} WITH (FORMAT csv)`); it becomes STDIN on a server and
   * PGlite's '/dev/blob' in process.
   */
  copyFrom(copySql: string, data: AsyncIterable<string>): Promise<void>
}

/** A leased connection; `release(err)` with an error discards the connection instead of reusing it. */
export interface Lease {
  connection: Connection
  release(discard?: Error): void
}

/**
 * The database the server talks to: a `pg` pool on server PostgreSQL, or an in-process PGlite.
 * Only `data/` uses it, and only through `withTenant` or the admin helpers.
 */
export interface Db {
  readonly kind: 'postgres' | 'pglite'
  acquire(): Promise<Lease>
  close(): Promise<void>
}

const OID = { int8: 20, date: 1082 } as const

/**
 * Both drivers return the same JS types: numeric as string (exact money), int8 as number (counts),
 * date as 'YYYY-MM-DD' (no time-zone shift), timestamptz as Date. pgtyped is told the same.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === OID.int8) return (value: string) => Number(value)
    if (oid === OID.date) return (value: string) => value
    return pg.types.getTypeParser(oid, format as 'text')
  },
}

export const pgliteParsers = {
  [OID.int8]: (value: string) => Number(value),
  [OID.date]: (value: string) => value,
}

export interface PoolOptions {
  max?: number
  min?: number
  idleTimeoutMillis?: number
  connectionTimeoutMillis?: number
  maxLifetimeSeconds?: number
  applicationName?: string
  /** Run on every new connection (e.g. jit=off, work_mem). */
  onConnect?: (client: pg.PoolClient) => Promise<void>
}

export function createPostgresDb(
  connectionString: string,
  options: PoolOptions = {},
): Db & { pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    min: options.min ?? 0,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    maxLifetimeSeconds: options.maxLifetimeSeconds ?? 0,
    application_name: options.applicationName ?? 'zava-mcp',
    types: pgTypes,
  })
  // An idle client that loses its server (restart, network) emits here; without a listener
  // the process would crash. The pool drops the client by itself.
  pool.on('error', () => {})
  if (options.onConnect) {
    const onConnect = options.onConnect
    pool.on('connect', (client) => {
      onConnect(client).catch(() => client.release(new Error('connection set-up failed')))
    })
  }
  return {
    kind: 'postgres',
    pool,
    async acquire() {
      const client = await pool.connect()
      return {
        connection: {
          query: async (text, values) => {
            // Always the extended protocol: one statement per call, whatever the text holds.
            const result = await client.query({
              text,
              values: values ?? [],
              queryMode: 'extended',
            } as pg.QueryConfig)
            return {
              rows: result.rows,
              rowCount: result.rowCount ?? result.rows.length,
              fields: result.fields,
            }
          },
          exec: async (sql) => {
            await client.query(sql)
          },
          copyFrom: async (copySql, data) => {
            await pipeline(
              Readable.from(data),
              client.query(copyFromStdin(copySql.replace('{source}', 'STDIN'))),
            )
          },
        },
        release: (discard) => client.release(discard ?? false),
      }
    },
    async close() {
      await pool.end()
    },
  }
}

/**
 * PGlite is one backend session: transactions from concurrent callers must not interleave, so
 * a lease is exclusive until released.
 */
export function createPgliteDb(
  pglite: PGlite,
  options: { closeOnEnd?: boolean } = {},
): Db & { pglite: PGlite } {
  let tail: Promise<void> = Promise.resolve()
  const connection: Connection = {
    query: async (text, values) => {
      const result = await pglite.query(text, values as any[], { parsers: pgliteParsers })
      return {
        rows: result.rows as any[],
        rowCount: result.affectedRows ?? result.rows.length,
        fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
      }
    },
    exec: async (sql) => {
      await pglite.exec(sql)
    },
    copyFrom: async (copySql, data) => {
      const chunks: string[] = []
      for await (const chunk of data) chunks.push(chunk)
      await pglite.query(copySql.replace('{source}', "'/dev/blob'"), [], { blob: new Blob(chunks) })
    },
  }
  return {
    kind: 'pglite',
    pglite,
    async acquire() {
      let release!: () => void
      const released = new Promise<void>((resolve) => {
        release = resolve
      })
      const previous = tail
      tail = previous.then(() => released)
      await previous
      return { connection, release: () => release() }
    },
    async close() {
      if (options.closeOnEnd !== false) await pglite.close()
    },
  }
}
