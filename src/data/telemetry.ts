import { createHash } from 'node:crypto'
import { type Span, SpanStatusCode, trace } from '@opentelemetry/api'
import { currentCall } from '../infra/call-scope.ts'
import type { Connection } from './db.ts'
import { sqlState } from './errors.ts'
import { typedQueryName } from './query-names.ts'

/** One query as the data layer ran it: what metrics, traces and the slow-query log are made of. */
export interface QueryEvent {
  /**
   * The typed query's name (`GetSalesSummary`), `assistant_sql` for SQL an assistant wrote, or
   * `unnamed` for a statement no query file holds. Bounded: safe as a metric label.
   */
  name: string
  kind: 'typed' | 'assistant' | 'unnamed'
  /** sha256 prefix of the text, for assistant and unnamed SQL (the text itself is not kept). */
  sqlHash?: string
  /** For assistant SQL only: its first characters on one line, for the slow-query log. */
  sqlPrefix?: string
  durationMs: number
  rows: number
  /** The kind of tenant it ran for (`store_manager`…), never who. */
  callerKind: string
  ok: boolean
  /** SQLSTATE of the failure, when the database gave one. */
  sqlState?: string
}

/**
 * Where the data layer reports queries. `explain`, given for assistant SQL only, returns its plan
 * (EXPLAIN without ANALYZE, in a separate short transaction under the same tenant): the receiver
 * calls it at most when the query was slow, and never awaits it on the caller's path.
 */
export interface DataTelemetry {
  onQuery(event: QueryEvent, explain?: () => Promise<string>): void
}

const tracer = trace.getTracer('zava-mcp')
const ASSISTANT_PREFIX_CHARS = 160
const state = Symbol('zava.instrumented')

interface InstrumentState {
  /** Set while an assistant query is being measured as a whole: its DECLARE/FETCHes are not separate queries. */
  inAssistantSql: boolean
  telemetry: DataTelemetry
  callerKind: string
  explain?: (sql: string) => Promise<string>
}

type Instrumented = Connection & { [state]: InstrumentState }

/**
 * A connection that times, names and traces every query run on it: the one door (`withTenant`)
 * hands this to its callback, so every query a tool runs is measured without the queries knowing.
 */
export function instrumentConnection(
  conn: Connection,
  telemetry: DataTelemetry,
  context: { callerKind: string; explain?: (sql: string) => Promise<string> },
): Connection {
  const own: InstrumentState = { inAssistantSql: false, telemetry, ...context }
  const instrumented: Instrumented = {
    [state]: own,
    exec: (sql) => conn.exec(sql),
    copyFrom: (copySql, data) => conn.copyFrom(copySql, data),
    query: (text, values, options) => {
      if (own.inAssistantSql) return conn.query(text, values, options)
      const name = typedQueryName(text)
      return measure(
        own,
        name ? { name, kind: 'typed' } : { name: 'unnamed', kind: 'unnamed', sqlHash: sqlHash(text) },
        () => conn.query(text, values, options),
        (result) => result.rowCount,
      )
    },
  }
  return instrumented
}

/**
 * Measures one piece of assistant-written SQL as a single query, however many round trips it
 * takes (a cursor and its fetches). On a connection that is not instrumented, just runs `fn`.
 */
export function measureAssistantSql<T>(
  conn: Connection,
  sql: string,
  fn: () => Promise<T>,
  rowsOf: (result: T) => number,
): Promise<T> {
  const own = (conn as Partial<Instrumented>)[state]
  if (!own || own.inAssistantSql) return fn()
  own.inAssistantSql = true
  const explain = own.explain
  return measure(
    own,
    {
      name: 'assistant_sql',
      kind: 'assistant',
      sqlHash: sqlHash(sql),
      sqlPrefix: sql.replace(/\s+/g, ' ').trim().slice(0, ASSISTANT_PREFIX_CHARS),
    },
    fn,
    rowsOf,
    explain ? () => explain(sql) : undefined,
  ).finally(() => {
    own.inAssistantSql = false
  })
}

/** A stable, non-reversible id for a piece of SQL in logs and statistics. */
export function sqlHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}

async function measure<T>(
  own: InstrumentState,
  what: Pick<QueryEvent, 'name' | 'kind' | 'sqlHash' | 'sqlPrefix'>,
  fn: () => Promise<T>,
  rowsOf: (result: T) => number,
  explain?: () => Promise<string>,
): Promise<T> {
  // Only names and hashes go on spans: never the text or the values (tenant data).
  return tracer.startActiveSpan(
    what.name,
    {
      attributes: {
        'db.system.name': 'postgresql',
        'db.query.summary': what.name,
        ...(what.sqlHash ? { 'zava.sql.hash': what.sqlHash } : {}),
        'zava.caller.kind': own.callerKind,
      },
    },
    async (span: Span) => {
      const started = performance.now()
      let rows = 0
      let failure: unknown
      try {
        const result = await fn()
        rows = rowsOf(result)
        return result
      } catch (err) {
        failure = err
        throw err
      } finally {
        const durationMs = performance.now() - started
        const call = currentCall()
        if (call) {
          call.dbQueries++
          call.dbRows += rows
        }
        span.setAttribute('db.response.returned_rows', rows)
        const code = failure === undefined ? undefined : sqlState(failure)
        if (failure !== undefined) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: code ?? 'query failed' })
          if (code) span.setAttribute('db.response.status_code', code)
        }
        span.end()
        const event: QueryEvent = {
          ...what,
          durationMs,
          rows,
          callerKind: own.callerKind,
          ok: failure === undefined,
          ...(code ? { sqlState: code } : {}),
        }
        try {
          own.telemetry.onQuery(event, failure === undefined ? explain : undefined)
        } catch {
          // Telemetry never fails a query.
        }
      }
    },
  )
}
