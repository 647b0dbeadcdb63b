import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  DelegateBackoff,
  handleWhen,
  IsolatedCircuitError,
  retry,
} from 'cockatiel'
import { ServiceUnavailableError, ZavaError } from '../errors.ts'
import { isTransientDatabaseError, PoolExhaustedError, sqlState } from './errors.ts'

export interface ResilienceOptions {
  /** Attempts in all, the first included (1: never retry). */
  maxAttempts: number
  /** First backoff, doubled each retry up to `maxDelayMs`, with jitter. */
  initialDelayMs: number
  maxDelayMs: number
  /** No retry starts once this long has passed since the first attempt began. */
  budgetMs: number
  /** Consecutive outage failures (connection refused or lost) that open the circuit. */
  breakerThreshold: number
  /** How long an open circuit fails calls at once before it lets one through to probe. */
  halfOpenAfterMs: number
}

export type CircuitStateName = 'closed' | 'open' | 'half_open' | 'isolated'

/** Why a transaction was retried: a bounded set, usable as a metric label. */
export type RetryReason =
  | 'connection'
  | 'server_shutdown'
  | 'serialization'
  | 'deadlock'
  | 'too_many_connections'
  | 'other'

export interface ResilienceEvents {
  onRetry?(event: { attempt: number; delayMs: number; reason: RetryReason }): void
  onCircuit?(state: CircuitStateName): void
  /** A call refused at once because the circuit is open. */
  onRejected?(): void
}

/** The database is known to be down (the circuit is open): calls fail at once until a probe succeeds. */
export class CircuitOpenError extends ServiceUnavailableError {
  constructor(options?: ErrorOptions) {
    super(
      'The database is unavailable right now.',
      'Retry in a few seconds; if it persists, tell the operator.',
      options,
    )
  }
}

/** Runs whole transactions with retries and a circuit breaker. */
export interface Resilience {
  /**
   * Runs `fn` (one whole transaction) under the circuit breaker, again after transient failures
   * unless `retry` is false. Throws `CircuitOpenError` at once while the circuit is open.
   */
  run<T>(fn: () => Promise<T>, options?: { retry?: boolean }): Promise<T>
  readonly circuit: CircuitStateName
}

/** Sensible defaults: 3 attempts within 2 s; open after 5 outage failures, probe every second. */
export const DEFAULT_RESILIENCE: ResilienceOptions = {
  maxAttempts: 3,
  initialDelayMs: 50,
  maxDelayMs: 500,
  budgetMs: 2_000,
  breakerThreshold: 5,
  halfOpenAfterMs: 1_000,
}

/**
 * Retries with exponential backoff and jitter, bounded in attempts and total time, inside a
 * circuit breaker (cockatiel). What is retried: connection refused/reset/lost, admin shutdown
 * (57P01-57P03), connection exceptions (08xxx), serialization failures and deadlocks
 * (40001, 40P01), too many connections (53300). Never: statement timeouts (QUERY_TIMEOUT, the
 * caller's query is too heavy and would time out again), validation, authorization or SQL errors,
 * and an exhausted pool (overload: retrying adds load; the caller is told to retry later).
 * Only outages (connection-level failures) count towards opening the circuit.
 */
export function createResilience(
  options: ResilienceOptions = DEFAULT_RESILIENCE,
  events: ResilienceEvents = {},
): Resilience {
  const breaker = circuitBreaker(handleWhen(isOutage), {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.breakerThreshold),
  })
  breaker.onStateChange((state) => events.onCircuit?.(stateName(state)))

  return {
    get circuit() {
      return stateName(breaker.state)
    },
    async run<T>(fn: () => Promise<T>, runOptions: { retry?: boolean } = {}): Promise<T> {
      const started = performance.now()
      const elapsed = () => performance.now() - started
      const allowRetry = runOptions.retry !== false && options.maxAttempts > 1
      const policy = retry(
        handleWhen((err) => allowRetry && isRetryable(err) && elapsed() < options.budgetMs),
        {
          maxAttempts: Math.max(0, options.maxAttempts - 1),
          backoff: new DelegateBackoff<{ attempt: number }>((context) =>
            Math.min(backoffDelay(context.attempt, options), Math.max(0, options.budgetMs - elapsed())),
          ),
        },
      )
      policy.onRetry((event) => {
        const reason = 'error' in event ? retryReason(event.error) : 'other'
        events.onRetry?.({ attempt: event.attempt, delayMs: event.delay, reason })
      })
      try {
        return await policy.execute(() => breaker.execute(fn))
      } catch (err) {
        if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
          events.onRejected?.()
          throw new CircuitOpenError({ cause: err })
        }
        throw err
      }
    },
  }
}

/** Whether another attempt of the whole transaction may succeed where this one failed. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof PoolExhaustedError || err instanceof CircuitOpenError) return false
  if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) return false
  if (err instanceof ServiceUnavailableError)
    return err.cause !== undefined && isTransientDatabaseError(err.cause)
  if (err instanceof ZavaError) return false
  return isTransientDatabaseError(err)
}

/** Whether a failure says the database is unreachable (as opposed to a conflict between transactions). */
export function isOutage(err: unknown): boolean {
  if (!isRetryable(err)) return false
  const reason = retryReason(err)
  return reason !== 'serialization' && reason !== 'deadlock'
}

export function retryReason(err: unknown): RetryReason {
  const raw = err instanceof ZavaError && err.cause !== undefined ? err.cause : err
  const state = sqlState(raw)
  if (state === '40001') return 'serialization'
  if (state === '40P01') return 'deadlock'
  if (state === '53300') return 'too_many_connections'
  if (state?.startsWith('57P')) return 'server_shutdown'
  if (state === undefined || state.startsWith('08')) return 'connection'
  return 'other'
}

/** Exponential with "equal jitter": half the step fixed, half random, so retries spread out. */
function backoffDelay(attempt: number, options: ResilienceOptions): number {
  const step = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(step / 2 + Math.random() * (step / 2))
}

function stateName(state: CircuitState): CircuitStateName {
  switch (state) {
    case CircuitState.Closed:
      return 'closed'
    case CircuitState.Open:
      return 'open'
    case CircuitState.HalfOpen:
      return 'half_open'
    default:
      return 'isolated'
  }
}
