import { type ResultLimits, type ResultSet, runAssistantSql } from '../../data/assistant-sql.ts'
import type { Db } from '../../data/db.ts'
import { adminRead } from './admin-read.ts'
import type { IsolationModel, Tenant } from './model.ts'

/** A property found a tenant seeing what it should not (or not seeing what it should). */
export class IsolationViolation extends Error {
  override readonly name = 'IsolationViolation'
}

/**
 * Runs the oracle's SQL as the admin, through the same cursor and value conversion as
 * execute_sales_query, so both results have the same shape and JSON values.
 */
export function runOracle(
  admin: Db,
  sql: string,
  limits: ResultLimits,
  timeoutMs: number,
): Promise<ResultSet> {
  return adminRead(admin, (_query, conn) => runAssistantSql(conn, sql, limits), timeoutMs)
}

export interface Mismatch {
  /** Rows the tenant got that the oracle did not: data it should not see. */
  unexpected: string[]
  /** Rows the oracle has that the tenant did not get. */
  missing: string[]
  columns?: string
  order?: string
}

const rowKey = (row: unknown[]) => JSON.stringify(row)

/** Equal as multisets (or as sequences when `ordered`), with the rows each side has in excess. */
export function compareResults(
  actual: ResultSet,
  expected: ResultSet,
  ordered: boolean,
): Mismatch | undefined {
  const columns = (r: ResultSet) => r.columns.map((c) => `${c.name}:${c.type}`).join(', ')
  if (columns(actual) !== columns(expected)) {
    return {
      unexpected: [],
      missing: [],
      columns: `tenant columns (${columns(actual)}) differ from the oracle's (${columns(expected)})`,
    }
  }
  const a = actual.rows.map((r) => rowKey(r as unknown[]))
  const e = expected.rows.map((r) => rowKey(r as unknown[]))
  const counts = new Map<string, number>()
  for (const key of e) counts.set(key, (counts.get(key) ?? 0) + 1)
  const unexpected: string[] = []
  for (const key of a) {
    const n = counts.get(key) ?? 0
    if (n > 0) counts.set(key, n - 1)
    else unexpected.push(key)
  }
  const missing = [...counts.entries()].flatMap(([key, n]) => Array<string>(n).fill(key))
  if (unexpected.length > 0 || missing.length > 0) return { unexpected, missing }
  if (ordered) {
    const at = a.findIndex((key, i) => key !== e[i])
    if (at >= 0) return { unexpected: [], missing: [], order: `rows differ in order from row ${at + 1}` }
  }
  return undefined
}

export function describeMismatch(m: Mismatch, actual: ResultSet, expected: ResultSet): string {
  if (m.columns) return m.columns
  if (m.order) return m.order
  const sample = (rows: string[]) =>
    rows.slice(0, 3).join('\n      ') + (rows.length > 3 ? `\n      … ${rows.length - 3} more` : '')
  const lines = [`tenant got ${actual.row_count} rows, the oracle ${expected.row_count}`]
  if (m.unexpected.length > 0)
    lines.push(`  ${m.unexpected.length} row(s) the tenant must not see:\n      ${sample(m.unexpected)}`)
  if (m.missing.length > 0)
    lines.push(`  ${m.missing.length} row(s) missing for the tenant:\n      ${sample(m.missing)}`)
  return lines.join('\n')
}

/**
 * Store ids and names of stores outside the tenant's set that appear anywhere in a value: a leak
 * whatever the query, since no generated query writes them as literals in its output.
 */
export function foreignStoreMentions(value: unknown, tenant: Tenant, model: IsolationModel): string[] {
  const visible = new Set(tenant.expectedStoreIds)
  const foreign = model.stores.filter((s) => !visible.has(s.storeId))
  if (foreign.length === 0) return []
  const text = JSON.stringify(value)
  return foreign.flatMap((s) => [
    ...(text.includes(s.storeId) ? [`store id ${s.storeId}`] : []),
    ...(text.includes(JSON.stringify(s.name)) ? [`store name ${JSON.stringify(s.name)}`] : []),
  ])
}
