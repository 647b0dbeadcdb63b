import { ValidationError } from '../../errors.ts'

/**
 * Why the guard refused a query. Stable: they are metric labels and assistants may branch on them;
 * add new ones, never rename.
 */
export const SQL_GUARD_REASONS = [
  'empty',
  'nul_byte',
  'invalid_unicode',
  'too_long',
  'too_complex',
  'syntax_error',
  'multiple_statements',
  'not_select',
  'data_modifying_cte',
  'select_into',
  'locking_clause',
  'function_not_allowed',
  'relation_not_allowed',
  'schema_not_allowed',
  'type_not_allowed',
  'operator_not_allowed',
  'tablesample_not_allowed',
  'syntax_not_allowed',
] as const

export type SqlGuardReason = (typeof SQL_GUARD_REASONS)[number]

/** A query the SQL guard refused before the database saw it. `position` is a 0-based character offset. */
export class SqlGuardError extends ValidationError {
  constructor(
    readonly reason: SqlGuardReason,
    message: string,
    hint: string,
    readonly position?: number,
  ) {
    super(message, hint)
  }
}
