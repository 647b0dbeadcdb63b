import {
  AuthorizationError,
  DatabaseError,
  QueryTimeoutError,
  ServiceUnavailableError,
  ValidationError,
  ZavaError,
} from '../errors.ts'

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
])

/**
 * Every pooled connection stayed busy for the whole acquire timeout: the server is overloaded, the
 * database is not down. Neither retried nor counted by the circuit breaker.
 */
export class PoolExhaustedError extends ServiceUnavailableError {
  constructor(waitedMs: number, options?: ErrorOptions) {
    super(
      `All database connections stayed busy for ${waitedMs} ms.`,
      'The server is under load: retry in a few seconds.',
      options,
    )
  }
}

/** SQLSTATE of an error from pg or PGlite, if any. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

/** Whether a failure is a transient one that another attempt may not hit (connection loss, conflicts). */
export function isTransientDatabaseError(err: unknown): boolean {
  if (err instanceof ServiceUnavailableError) return true
  const state = sqlState(err)
  if (state)
    return state.startsWith('08') || ['57P01', '57P02', '57P03', '40001', '40P01', '53300'].includes(state)
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true
  const message = err instanceof Error ? err.message : ''
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message)
}

/**
 * Turns a driver error into the product's typed errors. The database's own message is kept for
 * errors the caller can act on (bad column, bad cast); details that could reveal internals
 * (internal queries, connection strings) are not.
 */
export function toDataError(err: unknown): ZavaError {
  if (err instanceof ZavaError) return err
  const state = sqlState(err)
  const message = err instanceof Error ? err.message : String(err)
  if (state === '57014') {
    return new QueryTimeoutError(
      'The query was cancelled because it ran longer than the statement timeout.',
      'Narrow it: filter on a shorter date range or fewer stores, aggregate, or add a LIMIT.',
      { cause: err },
    )
  }
  if (state === '55P03') {
    return new QueryTimeoutError('The query waited too long for a lock.', 'Retry in a moment.', {
      cause: err,
    })
  }
  if (isTransientDatabaseError(err)) {
    return new ServiceUnavailableError(
      'The database is unavailable right now.',
      'Retry in a few seconds; if it persists, tell the operator.',
      { cause: err },
    )
  }
  if (state === '42501') {
    return new AuthorizationError(
      'The database refused access to this data for your identity.',
      'Query only the retail tables described by get_multiple_table_schemas.',
      { cause: err },
    )
  }
  if (state === '25006') {
    return new ValidationError('Only read-only queries are allowed.', 'Write a single SELECT statement.', {
      cause: err,
    })
  }
  if (state && /^(42|22|21|23|2B|0A|54)/.test(state)) {
    return new DatabaseError(`PostgreSQL rejected the query: ${message}`, 'Fix the SQL and call again.', {
      cause: err,
    })
  }
  return new DatabaseError(
    'The database failed to run the query.',
    'Retry; if it persists, tell the operator.',
    {
      cause: err,
    },
  )
}
