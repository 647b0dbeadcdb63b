import { RETAIL_TABLES } from '../retail-tables.ts'

/** What the SQL guard lets a query read. */
export interface GuardPolicy {
  /**
   * Schemas whose tables may be named. The first one is where unqualified names resolve: it must
   * come first (before pg_catalog's tables could match) on the executor's search_path.
   */
  allowedSchemas: readonly string[]
  /** Schema-qualified tables and views that may be read, e.g. 'retail.orders'. */
  allowedRelations: ReadonlySet<string>
  /** Longest accepted input, in characters; checked before parsing. */
  maxLength: number
}

export { RETAIL_TABLES }

export const defaultGuardPolicy: GuardPolicy = {
  allowedSchemas: ['retail'],
  allowedRelations: new Set(RETAIL_TABLES.map((table) => `retail.${table}`)),
  maxLength: 100_000,
}
