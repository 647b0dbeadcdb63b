import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { from as copyFromStdin } from 'pg-copy-streams'
import { PoolExhaustedError } from './errors.ts'

/**
 * One connection, held for the length of a transaction. Its `query` has the shape that
 * `@pgtyped/runtime` expects, so generated queries run on it directly.
 */
export interface QueryResult {
  // biome-ignore lint/suspicious/noExplicitAny: pgtyped's connection contract; generated queries type the rows.
  rows: any[]
  rowCount: number
  fields: { name: string; dataTypeID: number }[]
}

export interface QueryOptions {
  rowMode?: 'array'
}

export interface Connection {
  /** `rowMode: 'array'` returns each row as an array, so columns that share a name stay apart. */
  query(text: string, values?: unknown[], options?: QueryOptions): Promise<QueryResult>
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
  /** Throws `PoolExhaustedError` when no connection frees up within the acquire timeout. */
  acquire(): Promise<Lease>
  close(): Promise<void>
  /** Connections now: open, idle, and callers waiting for one (metrics, readiness). */
  stats?(): PoolStats
}

export interface PoolStats {
  total: number
  idle: number
  waiting: number
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
  /** Longest a caller waits for a connection (pool full) or for a new one to connect. */
  connectionTimeoutMillis?: number
  maxLifetimeSeconds?: number
  applicationName?: string
  /** Session settings sent in the startup packet, e.g. `-c jit=off -c work_mem=16MB`. */
  connectionOptions?: string
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
    ...(options.connectionOptions ? { options: options.connectionOptions } : {}),
    types: pgTypes,
  })
  const acquireTimeoutMs = options.connectionTimeoutMillis ?? 5_000
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
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async acquire() {
      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (err) {
        // pg-pool's message when the pool stayed full for connectionTimeoutMillis (a connect
        // that times out says 'Connection terminated due to connection timeout' instead).
        if (err instanceof Error && err.message === 'timeout exceeded when trying to connect')
          throw new PoolExhaustedError(acquireTimeoutMs, { cause: err })
        throw err
      }
      // pg-pool listens for errors only on idle clients: a leased one whose server goes away
      // (restart, pg_terminate_backend) would emit an unhandled 'error' and crash the process.
      // Its queries fail on their own; the lease is then released with the error and discarded.
      let broken: Error | undefined
      const onError = (err: Error) => {
        broken = err
      }
      client.on('error', onError)
      return {
        connection: {
          query: async (text, values, options) => {
            // Always the extended protocol: one statement per call, whatever the text holds.
            const result = await client.query({
              text,
              values: values ?? [],
              queryMode: 'extended',
              ...(options?.rowMode ? { rowMode: options.rowMode } : {}),
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
        release: (discard) => {
          client.off('error', onError)
          client.release(discard ?? broken ?? false)
        },
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
  options: { closeOnEnd?: boolean; acquireTimeoutMs?: number } = {},
): Db & { pglite: PGlite } {
  let tail: Promise<void> = Promise.resolve()
  let held = 0
  let waiting = 0
  const connection: Connection = {
    query: async (text, values, options) => {
      const result = await pglite.query<Record<string, unknown>>(text, values as unknown[], {
        parsers: pgliteParsers,
        ...options,
      })
      return {
        rows: result.rows,
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
    stats: () => ({ total: 1, idle: held === 0 ? 1 : 0, waiting }),
    async acquire() {
      let release!: () => void
      const released = new Promise<void>((resolve) => {
        release = resolve
      })
      const previous = tail
      tail = previous.then(() => released)
      waiting++
      const timeoutMs = options.acquireTimeoutMs
      let timer: ReturnType<typeof setTimeout> | undefined
      const turn = previous.then(() => 'turn' as const)
      const outcome = await (timeoutMs
        ? Promise.race([
            turn,
            new Promise<'timeout'>((resolve) => {
              timer = setTimeout(() => resolve('timeout'), timeoutMs)
            }),
          ])
        : turn)
      clearTimeout(timer)
      waiting--
      if (outcome === 'timeout') {
        // Keep the place in the queue consistent: pass the turn on as soon as it comes.
        void turn.then(() => release())
        throw new PoolExhaustedError(timeoutMs!)
      }
      held++
      let done = false
      return {
        connection,
        release: () => {
          if (done) return
          done = true
          held--
          release()
        },
      }
    },
    async close() {
      if (options.closeOnEnd !== false) await pglite.close()
    },
  }
}
