import type { RawStmt } from 'libpg-query'
import { SqlGuardError } from './errors.ts'
import { fingerprintOf, loadParser, parseStatements, SourceText, statementText } from './parse.ts'
import { defaultGuardPolicy, type GuardPolicy } from './policy.ts'
import { statementLabel } from './statement-kind.ts'
import { checkSelect } from './walk.ts'

export { SQL_GUARD_REASONS, SqlGuardError, type SqlGuardReason } from './errors.ts'
export { loadParser as loadSqlGuard } from './parse.ts'
export { defaultGuardPolicy, type GuardPolicy, RETAIL_TABLES } from './policy.ts'

/** A query the guard accepted. */
export interface GuardedQuery {
  /** The one statement, without surrounding whitespace, comments or semicolon: safe to embed. */
  sql: string
  /** Tables read, schema-qualified ('retail.orders'), CTE names excluded. */
  relations: string[]
  /** Functions called, by name ('sum', 'date_trunc'). */
  functions: string[]
  /** Same for queries that differ only in constants: for logs and metrics. */
  fingerprint?: string
}

const ONE_SELECT_HINT =
  'Send one read-only SELECT (WITH … SELECT, UNION and VALUES are fine). The server runs it in its own read-only transaction with your store scope already applied: no BEGIN/COMMIT, SET, or other statements.'

/**
 * Layers 1 and 2 of execute_sales_query: decides, before the database sees anything, whether
 * model-written SQL is exactly one read-only SELECT over the allowed tables, calling only
 * allow-listed functions. Throws a SqlGuardError (VALIDATION_ERROR) with a stable `reason`.
 *
 * @example
 * const { sql } = await guardSql('SELECT count(*) FROM retail.orders; -- thanks')
 * // sql === 'SELECT count(*) FROM retail.orders'
 */
export async function guardSql(sql: string, policy: GuardPolicy = defaultGuardPolicy): Promise<GuardedQuery> {
  checkInput(sql, policy)
  await loadParser()
  const stmts = parseStatements(sql)
  const stmt = onlyStatement(sql, stmts)
  const [kind, node] = statementNode(stmt)
  if (kind !== 'SelectStmt') throw notSelect(kind, node)
  const facts = checkSelect(node, policy)
  const text = statementText(new SourceText(sql), stmt, facts.lastNodeByte)
  const fingerprint = fingerprintOf(text)
  return {
    sql: text,
    relations: facts.relations,
    functions: facts.functions,
    ...(fingerprint === undefined ? {} : { fingerprint }),
  }
}

function checkInput(sql: string, policy: GuardPolicy): void {
  if (typeof sql !== 'string') throw new SqlGuardError('empty', 'The query is not text.', ONE_SELECT_HINT)
  // Before anything reads the whole text: a huge input is refused in constant time.
  if (sql.length > policy.maxLength) {
    throw new SqlGuardError(
      'too_long',
      `The query is ${sql.length} characters long; the limit is ${policy.maxLength}.`,
      'Shorten it: aggregate in SQL instead of listing many literal values, or split the question into smaller queries.',
    )
  }
  if (/^[ \t\n\r\f\v]*$/.test(sql)) throw new SqlGuardError('empty', 'The query is empty.', ONE_SELECT_HINT)
  const nul = sql.indexOf('\0')
  if (nul !== -1) {
    throw new SqlGuardError(
      'nul_byte',
      'The query contains a NUL character.',
      'Remove the NUL (\\0) character.',
      nul,
    )
  }
  // The parser and the driver encode lone UTF-16 surrogates each their own way: refuse them.
  if (!sql.isWellFormed()) {
    throw new SqlGuardError(
      'invalid_unicode',
      'The query contains invalid Unicode (a lone UTF-16 surrogate).',
      'Remove or replace the broken character; send the query as plain UTF-8 text.',
    )
  }
}

function onlyStatement(sql: string, stmts: readonly RawStmt[]): RawStmt {
  const [first, second] = stmts
  if (first === undefined) {
    throw new SqlGuardError(
      'empty',
      'The query holds no SQL statement, only comments or semicolons.',
      ONE_SELECT_HINT,
    )
  }
  if (second !== undefined) {
    const labels = stmts.map((stmt) => statementLabel(...statementNode(stmt)))
    const position = new SourceText(sql).slice(0, second.stmt_location ?? 0).length
    throw new SqlGuardError(
      'multiple_statements',
      `Only one statement is allowed; found ${stmts.length}: ${labels.join('; ')}.`,
      ONE_SELECT_HINT,
      position,
    )
  }
  return first
}

function statementNode(stmt: RawStmt): [string, Readonly<Record<string, unknown>>] {
  const wrapped = (stmt.stmt ?? {}) as Record<string, Readonly<Record<string, unknown>>>
  const kind = Object.keys(wrapped)[0] ?? 'unknown'
  return [kind, wrapped[kind] ?? {}]
}

function notSelect(kind: string, node: Readonly<Record<string, unknown>>): SqlGuardError {
  const label = statementLabel(kind, node)
  const hint =
    kind === 'ExplainStmt'
      ? 'EXPLAIN is not available: send the SELECT itself, with a LIMIT if you only need a sample.'
      : ONE_SELECT_HINT
  return new SqlGuardError('not_select', `${label} statements are not allowed; only SELECT is.`, hint)
}
