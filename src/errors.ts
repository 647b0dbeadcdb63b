/**
 * The product's typed errors. Codes are API (an assistant or operator may branch on them):
 * reword messages freely, never rename a code. The hint is written for the assistant, which
 * sees nothing but this error.
 */
export abstract class ZavaError extends Error {
  abstract readonly code: string
  /** Whether calling again later may succeed (transient database trouble, overload). */
  readonly retryable: boolean = false

  constructor(
    message: string,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = new.target.name
  }
}

/** The caller's input is wrong: fix the arguments or the SQL. */
export class ValidationError extends ZavaError {
  readonly code = 'VALIDATION_ERROR'
}

/** The caller may not see what it asked for. */
export class AuthorizationError extends ZavaError {
  readonly code = 'AUTHORIZATION_ERROR'
}

/** The caller's identity is unknown or its credentials are invalid. */
export class AuthenticationError extends ZavaError {
  readonly code = 'AUTHENTICATION_ERROR'
}

/** A named thing (store, table, product) does not exist or is not visible. */
export class NotFoundError extends ZavaError {
  readonly code = 'NOT_FOUND'
}

/** The query ran longer than the statement timeout and was cancelled. */
export class QueryTimeoutError extends ZavaError {
  readonly code = 'QUERY_TIMEOUT'
}

/** The database refused or failed the query for a reason the caller can act on (bad SQL, bad cast). */
export class DatabaseError extends ZavaError {
  readonly code = 'DATABASE_ERROR'
}

/** The database or another dependency is unavailable right now: retry later. */
export class ServiceUnavailableError extends ZavaError {
  readonly code = 'SERVICE_UNAVAILABLE'
  override readonly retryable = true
}

/** Too many calls from this caller: slow down. */
export class RateLimitedError extends ZavaError {
  readonly code = 'RATE_LIMITED'
  override readonly retryable = true
}

/** The server is misconfigured (start-up only): the message says which setting to fix. */
export class ConfigurationError extends ZavaError {
  readonly code = 'CONFIGURATION_ERROR'
}

/** A feature is not available in this deployment (e.g. semantic search without an embedder). */
export class UnavailableFeatureError extends ZavaError {
  readonly code = 'FEATURE_UNAVAILABLE'
}

/** Stored vectors were made by another embedding model than the one configured: re-embed. */
export class EmbeddingModelMismatchError extends ZavaError {
  readonly code = 'EMBEDDING_MODEL_MISMATCH'
}
