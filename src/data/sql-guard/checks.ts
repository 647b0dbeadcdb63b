import {
  ALLOWED_FUNCTIONS,
  ALLOWED_TABLESAMPLE_METHODS,
  ALLOWED_TYPES,
  ALLOWED_VALUE_FUNCTIONS,
  FUNCTION_SCHEMAS,
  REFUSED_FUNCTION_ADVICE,
  REFUSED_NODE_ADVICE,
} from './allow-list.ts'
import { SqlGuardError, type SqlGuardReason } from './errors.ts'
import type { GuardPolicy } from './policy.ts'
import { statementLabel } from './statement-kind.ts'

/** A parse-tree node's fields, as libpg-query's JSON gives them. */
export type Node = Readonly<Record<string, unknown>>

const LOCK_LABELS: ReadonlyMap<string, string> = new Map([
  ['LCS_FORKEYSHARE', 'FOR KEY SHARE'],
  ['LCS_FORSHARE', 'FOR SHARE'],
  ['LCS_FORNOKEYUPDATE', 'FOR NO KEY UPDATE'],
  ['LCS_FORUPDATE', 'FOR UPDATE'],
])

/** SELECT … INTO and FOR UPDATE/SHARE, on any SELECT of the tree. */
export function checkSelectClauses(node: Node): void {
  if (node.intoClause) {
    throw refuse(
      'select_into',
      'SELECT … INTO creates a table and is not allowed.',
      'Remove the INTO clause: the rows are returned to you directly.',
    )
  }
  if (Array.isArray(node.lockingClause) && node.lockingClause.length > 0) {
    const strength = String(((node.lockingClause[0] as Node).LockingClause as Node | undefined)?.strength)
    throw refuse(
      'locking_clause',
      `Row locking (${LOCK_LABELS.get(strength) ?? 'FOR UPDATE/SHARE'}) is not allowed.`,
      'Remove the FOR UPDATE / FOR SHARE clause: queries are read-only and never lock rows.',
    )
  }
}

/** A WITH entry must itself be a SELECT. */
export function checkCteQuery(node: Node): void {
  const query = node.ctequery as Node | undefined
  const kind = query ? Object.keys(query)[0] : undefined
  if (kind === 'SelectStmt') return
  const label = kind ? statementLabel(kind, (query?.[kind] ?? {}) as Node) : 'statement'
  throw refuse(
    'data_modifying_cte',
    `WITH ${String(node.ctename)} AS (${label} …) modifies data and is not allowed.`,
    'Every part of a WITH query must be a SELECT: queries are read-only.',
  )
}

/**
 * A table reference: a CTE in scope, or an allowed table. Returns the schema-qualified table name
 * (undefined for a CTE). Unqualified names resolve like the executor's search_path: to the first
 * allowed schema, otherwise (pg_catalog) refused.
 */
export function checkRelation(
  node: Node,
  policy: GuardPolicy,
  isCte: (name: string) => boolean,
): string | undefined {
  const name = String(node.relname)
  const schema = typeof node.schemaname === 'string' ? node.schemaname : undefined
  if (typeof node.catalogname === 'string') {
    throw refusedRelation('relation_not_allowed', `${node.catalogname}.${schema}.${name}`, policy)
  }
  if (schema === undefined && isCte(name)) return undefined
  const resolvedSchema = schema ?? policy.allowedSchemas[0] ?? ''
  const qualified = `${resolvedSchema}.${name}`
  if (!policy.allowedSchemas.includes(resolvedSchema))
    throw refusedRelation('schema_not_allowed', qualified, policy)
  if (!policy.allowedRelations.has(qualified))
    throw refusedRelation('relation_not_allowed', schema ? qualified : name, policy)
  return qualified
}

/** A call to an allow-listed function, unqualified or qualified with pg_catalog. Returns its name. */
export function checkFunction(node: Node): string {
  const path = stringList(node.funcname)
  const name = path.at(-1) ?? ''
  const schema = path.length > 1 ? path.slice(0, -1).join('.') : undefined
  if ((schema === undefined || FUNCTION_SCHEMAS.has(schema)) && ALLOWED_FUNCTIONS.has(name)) return name
  const advice = REFUSED_FUNCTION_ADVICE.find(([pattern]) => pattern.test(name))?.[1]
  const qualified = schema !== undefined && ALLOWED_FUNCTIONS.has(name)
  throw refuse(
    'function_not_allowed',
    qualified
      ? `Function ${path.join('.')}() is not allowed: functions may be called unqualified or qualified with pg_catalog only.`
      : `Function ${path.join('.')}() is not allowed.`,
    `${advice ? `${advice} ` : ''}Use only the functions an analysis needs, unqualified: aggregates (count, sum, avg, percentile_cont, string_agg…), window functions (row_number, rank, lag…), math, string (lower, concat, regexp_replace…), date/time (date_trunc, extract, age, to_char, generate_series…), JSON building, arrays and pgvector distances. System, session, catalog, lock, sequence, file and network functions are not available.`,
  )
}

/** A cast (or typed literal, or column definition) to an allow-listed type. */
export function checkType(node: Node): void {
  const path = stringList(node.names)
  const name = path.at(-1) ?? ''
  const schema = path.length > 1 ? path.slice(0, -1).join('.') : undefined
  if ((schema === undefined || schema === 'pg_catalog') && ALLOWED_TYPES.has(name)) return
  throw refuse(
    'type_not_allowed',
    `Type ${path.join('.')} is not allowed in casts.`,
    'Cast only to ordinary data types, unqualified: numeric, integer, bigint, real, double precision, text, varchar, boolean, date, timestamp, timestamptz, interval, uuid, json, jsonb, vector. Catalog lookup types such as regclass are not available.',
  )
}

/** current_date and friends, not current_user and friends. */
export function checkValueFunction(node: Node): void {
  const op = String(node.op)
  if (ALLOWED_VALUE_FUNCTIONS.has(op)) return
  const keyword = op.replace(/^SVFOP_/, '').replace(/_N$/, '')
  throw refuse(
    'function_not_allowed',
    `${keyword} is not allowed.`,
    'Only date and time keywords (current_date, current_timestamp, localtimestamp…) are available; role and schema names are not.',
  )
}

/**
 * `(expression).name`: PostgreSQL reads it as the call `name(expression)` when the value has no
 * such field (`('zava.tenant'::text).current_setting` calls current_setting), so no named field
 * selection is allowed on an expression. Subscripts and `.*` are fine, and so is `alias.name` (a
 * ColumnRef): as a call it could only pass a whole row, which only harmless functions accept.
 */
export function checkFieldSelection(node: Node): void {
  const indirection = Array.isArray(node.indirection) ? node.indirection : []
  const field = indirection.find((item) => (item as Node | null)?.String !== undefined) as Node | undefined
  if (field === undefined) return
  const name = String((field.String as Node).sval)
  throw refuse(
    'syntax_not_allowed',
    `Field selection (…).${name} cannot be used in queries: PostgreSQL may run it as the function call ${name}(…).`,
    'Reference columns as alias.column, and put set-returning functions in FROM with a column list, e.g. FROM jsonb_each(x) AS e(key, value).',
  )
}

/** An operator name: unqualified or qualified with pg_catalog. */
export function checkOperator(name: unknown): void {
  if (name === undefined) return
  const path = stringList(name)
  if (path.length < 2 || (path.length === 2 && FUNCTION_SCHEMAS.has(path[0] ?? ''))) return
  throw refuse(
    'operator_not_allowed',
    `Operator ${path.join('.')} is not allowed.`,
    'Write operators unqualified (+, =, ->>, <=>); OPERATOR(pg_catalog.…) is the only qualification accepted.',
  )
}

export function checkTablesample(node: Node): void {
  const path = stringList(node.method)
  if (path.length === 1 && ALLOWED_TABLESAMPLE_METHODS.has(path[0] ?? '')) return
  throw refuse(
    'tablesample_not_allowed',
    `TABLESAMPLE method ${path.join('.')} is not allowed.`,
    'Use TABLESAMPLE SYSTEM (percent) or TABLESAMPLE BERNOULLI (percent), or ORDER BY random() LIMIT n.',
  )
}

/** A list of String nodes (a qualified name) → its parts; anything else fails closed. */
function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) throw refusedNode('name')
  return value.map((item) => {
    const sval = ((item as Node | null)?.String as Node | undefined)?.sval
    if (typeof sval !== 'string') throw refusedNode('name')
    return sval
  })
}

function refusedRelation(reason: SqlGuardReason, name: string, policy: GuardPolicy): SqlGuardError {
  const [schema] = name.split('.')
  const what =
    reason === 'schema_not_allowed'
      ? `Schema ${schema} is not available (table ${name}).`
      : `Table ${name} is not available.`
  return refuse(
    reason,
    what,
    `Query only these tables: ${[...policy.allowedRelations].join(', ')}. Unqualified names resolve to ${policy.allowedSchemas[0]}; system catalogs, information_schema and other schemas are not available.`,
  )
}

/** Refusal of syntax not on the node allow-list. */
export function refusedNode(type: string): SqlGuardError {
  const [label, advice] = REFUSED_NODE_ADVICE.get(type) ?? [type, 'Rewrite it with ordinary SELECT syntax.']
  return refuse('syntax_not_allowed', `${label} cannot be used in queries.`, advice)
}

function refuse(reason: SqlGuardReason, message: string, hint: string): SqlGuardError {
  return new SqlGuardError(reason, message, hint)
}
