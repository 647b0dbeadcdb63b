import { fingerprintSync, hasSqlDetails, loadModule, parseSync, type RawStmt, scanSync } from 'libpg-query'
import { SqlGuardError } from './errors.ts'

let ready: Promise<void> | undefined

/** Loads the parser's WebAssembly once; later calls share the same promise. */
export function loadParser(): Promise<void> {
  ready ??= loadModule()
  return ready
}

const SYNTAX_HINT =
  'Send exactly one PostgreSQL SELECT statement as plain SQL: no prose, no Markdown fences, no placeholders.'

/**
 * Parses with the real PostgreSQL grammar (the parser must be loaded). Parser failures become a
 * SqlGuardError: 'syntax_error' with the parser's message and position, or 'too_complex' when
 * the input nests deeper than the parser's stacks allow.
 */
export function parseStatements(sql: string): readonly RawStmt[] {
  try {
    return parseSync(sql).stmts ?? []
  } catch (err) {
    throw parserFailure(sql, err)
  }
}

function parserFailure(sql: string, err: unknown): Error {
  // The parser's C stack, or JSON.parse on its output, overflows on absurdly deep nesting.
  if (err instanceof RangeError || /memory exhausted|stack depth/i.test(String((err as Error)?.message))) {
    return new SqlGuardError(
      'too_complex',
      'The query nests too deeply to be checked.',
      'Flatten it: fewer nested subqueries or parentheses, CTEs (WITH) instead of deep nesting.',
    )
  }
  if (!hasSqlDetails(err) || !err.sqlDetails) return err instanceof Error ? err : new Error(String(err))
  const position = Math.min(err.sqlDetails.cursorPosition, sql.length)
  const before = sql.slice(0, position)
  const line = before.split('\n').length
  const column = position - before.lastIndexOf('\n')
  const fenced = /^\s*```/.test(sql) ? ' Remove the Markdown code fence.' : ''
  return new SqlGuardError(
    'syntax_error',
    `SQL syntax error: ${err.sqlDetails.message} (line ${line}, column ${column}).`,
    `Fix the SQL near: ${excerpt(sql, position)}.${fenced} ${SYNTAX_HINT}`,
    position,
  )
}

function excerpt(sql: string, position: number): string {
  const start = Math.max(0, position - 30)
  const text = sql.slice(start, position + 30).replace(/\s+/g, ' ')
  return `${start > 0 ? '…' : ''}${text}${position + 30 < sql.length ? '…' : ''}`
}

/** The query with the parser's byte offsets (UTF-8) mapped to string slices. */
export class SourceText {
  private readonly bytes: Buffer | undefined

  constructor(readonly text: string) {
    this.bytes = Buffer.byteLength(text) === text.length ? undefined : Buffer.from(text, 'utf8')
  }

  get byteLength(): number {
    return this.bytes?.length ?? this.text.length
  }

  slice(startByte: number, endByte: number): string {
    return this.bytes ? this.bytes.toString('utf8', startByte, endByte) : this.text.slice(startByte, endByte)
  }
}

const PG_SPACE = /^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g

/**
 * The statement's own text: without surrounding whitespace, comments or semicolon, so that it can
 * be embedded in `DECLARE … CURSOR FOR <text>` or followed by anything. `lastNodeByte` is the
 * largest node location in the statement: only the text after it can end in a comment, so only
 * that tail is scanned.
 */
export function statementText(source: SourceText, stmt: RawStmt, lastNodeByte: number): string {
  const start = stmt.stmt_location ?? 0
  const end = stmt.stmt_len ? start + stmt.stmt_len : source.byteLength
  const tailStart = Math.max(start, lastNodeByte)
  const tail = source.slice(tailStart, end)
  if (!tail.includes('--') && !tail.includes('/*')) return source.slice(start, end).replace(PG_SPACE, '')
  const tokens = scanSync(tail).tokens
  const last = tokens.findLast(
    (token) => token.tokenName !== 'SQL_COMMENT' && token.tokenName !== 'C_COMMENT',
  )
  const cut = last ? tailStart + last.end : tailStart
  return source.slice(start, cut).replace(PG_SPACE, '')
}

/** libpg_query's fingerprint (same for queries differing only in constants), when it can compute one. */
export function fingerprintOf(sql: string): string | undefined {
  try {
    return fingerprintSync(sql)
  } catch {
    return undefined
  }
}
