import { setAssistantSearchPath } from '../../generated/assistant.queries.ts'
import type { Connection } from './db.ts'
import { measureAssistantSql } from './telemetry.ts'

export interface ResultLimits {
  maxRows: number
  maxBytes: number
}

export interface ResultSet {
  columns: { name: string; type: string }[]
  rows: unknown[][]
  row_count: number
  truncated: boolean
  truncated_by: 'rows' | 'bytes' | null
}

const FETCH_CHUNK = 200

/**
 * Runs one already-guarded SELECT through a cursor, fetching in chunks until the row or byte cap,
 * so a query matching millions of rows never materialises here. The statement goes over the
 * extended protocol (one statement per message), inside the caller's tenant transaction.
 */
export function runAssistantSql(tx: Connection, sql: string, limits: ResultLimits): Promise<ResultSet> {
  // Timed as one query (the cursor and all its fetches), for metrics and the slow-query log.
  return measureAssistantSql(
    tx,
    sql,
    () => fetchCapped(tx, sql, limits),
    (result) => result.row_count,
  )
}

async function fetchCapped(tx: Connection, sql: string, limits: ResultLimits): Promise<ResultSet> {
  await setAssistantSearchPath.run(undefined, tx)
  // The guarded statement is the one piece of SQL not written in queries/: it is the assistant's.
  await tx.query(`DECLARE zava_result NO SCROLL CURSOR FOR ${sql}`, [])
  const rows: unknown[][] = []
  let columns: ResultSet['columns'] = []
  let bytes = 2
  let truncatedBy: ResultSet['truncated_by'] = null
  fetching: while (true) {
    const chunk = await tx.query(`FETCH FORWARD ${FETCH_CHUNK} FROM zava_result`, [], { rowMode: 'array' })
    if (columns.length === 0)
      columns = chunk.fields.map((f) => ({ name: f.name, type: typeName(f.dataTypeID) }))
    for (const row of chunk.rows) {
      if (rows.length >= limits.maxRows) {
        truncatedBy = 'rows'
        break fetching
      }
      const values = chunk.fields.map((f, i) => toJsonValue(row[i], f.dataTypeID))
      const size = JSON.stringify(values).length + 1
      if (bytes + size > limits.maxBytes) {
        truncatedBy = 'bytes'
        break fetching
      }
      bytes += size
      rows.push(values)
    }
    if (chunk.rows.length < FETCH_CHUNK) break
  }
  return { columns, rows, row_count: rows.length, truncated: truncatedBy !== null, truncated_by: truncatedBy }
}

const NUMERIC = 1700

/** Values as JSON can carry them: decimals become numbers when that loses nothing. */
export function toJsonValue(value: unknown, oid?: number): unknown {
  if (value === null || value === undefined) return null
  if (oid === NUMERIC && typeof value === 'string' && /^-?\d{1,13}(\.\d{1,2})?$/.test(value))
    return Number(value)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v))
  return value
}

const TYPE_NAMES: Record<number, string> = {
  16: 'boolean',
  17: 'bytea',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  114: 'json',
  700: 'real',
  701: 'double precision',
  1043: 'varchar',
  1082: 'date',
  1083: 'time',
  1114: 'timestamp',
  1184: 'timestamptz',
  1186: 'interval',
  1700: 'numeric',
  2950: 'uuid',
  3802: 'jsonb',
  1009: 'text[]',
  1007: 'integer[]',
  2951: 'uuid[]',
}

function typeName(oid: number): string {
  return TYPE_NAMES[oid] ?? `oid:${oid}`
}
