import { type ResultLimits, type ResultSet, runAssistantSql } from '../data/assistant-sql.ts'
import { type Caller, type TenantDb, withTenant } from '../data/with-tenant.ts'

export interface GuardedSql {
  sql: string
}

export interface SalesQueryOptions {
  timeoutMs: number
  limits: ResultLimits
  /** Parses and checks the SQL before the database sees it; throws a ValidationError when refused. */
  guard: (sql: string) => Promise<GuardedSql>
}

export interface SalesQueryResult extends ResultSet {
  elapsed_ms: number
  /** What to do about a truncated result. */
  note: string | null
}

/**
 * Runs assistant-written SQL: guarded first, then in a read-only transaction under the caller's
 * signed tenant context, with a statement timeout and row/byte caps, and always rolled back.
 */
export class SalesQueryService {
  constructor(
    private readonly tdb: TenantDb,
    private readonly options: SalesQueryOptions,
  ) {}

  async execute(caller: Caller, sql: string): Promise<SalesQueryResult> {
    const guarded = await this.options.guard(sql)
    const started = performance.now()
    const result = await withTenant(
      this.tdb,
      caller,
      (tx) => runAssistantSql(tx, guarded.sql, this.options.limits),
      {
        statementTimeoutMs: this.options.timeoutMs,
        rollback: true,
      },
    )
    return {
      ...result,
      elapsed_ms: Math.round(performance.now() - started),
      note: result.truncated ? truncationNote(result, this.options.limits) : null,
    }
  }
}

function truncationNote(result: ResultSet, limits: ResultLimits): string {
  const cap =
    result.truncated_by === 'rows' ? `${limits.maxRows} rows` : `${Math.round(limits.maxBytes / 1024)} KB`
  return `Only the first ${result.row_count} rows are shown (cap: ${cap}). Aggregate with GROUP BY, filter further, or add a LIMIT to see what matters.`
}
