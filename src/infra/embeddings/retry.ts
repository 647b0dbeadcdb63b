import {
  DelegateBackoff,
  decorrelatedJitterGenerator,
  ExponentialBackoff,
  handleWhen,
  type IBackoff,
  type IRetryBackoffContext,
  type RetryPolicy,
  retry,
} from 'cockatiel'

/** What a failed attempt allows: whether to try again, and how long the server asked to wait. */
export type RetryDecision = { readonly retry: boolean; readonly afterMs?: number }

export interface BackoffOptions {
  /** Scale of the first delay (decorrelated jitter: 0 to ~1.3 times it), default 250 ms. */
  readonly initialDelayMs: number
  /** Longest computed delay, default 8 s. */
  readonly maxDelayMs: number
  /** Longest `Retry-After` honoured, default 30 s; a longer one gives up at once. */
  readonly maxRetryAfterMs: number
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
}

/**
 * A cockatiel retry policy: up to `maxRetries` retries of the failures `classify` calls
 * retryable, after an exponential delay with decorrelated jitter, or after what the server asked
 * (`Retry-After`) when that is longer.
 */
export function retryPolicy(
  maxRetries: number,
  classify: (error: unknown) => RetryDecision,
  options: BackoffOptions = DEFAULT_BACKOFF,
): RetryPolicy {
  const exponential = new ExponentialBackoff({
    generator: decorrelatedJitterGenerator,
    initialDelay: options.initialDelayMs,
    maxDelay: options.maxDelayMs,
  })
  const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown> | undefined>(
    (context, previous) => {
      const step = previous === undefined ? exponential.next() : previous.next(context)
      const afterMs = 'error' in context.result ? classify(context.result.error).afterMs : undefined
      return { delay: Math.max(afterMs ?? 0, step.duration), state: step }
    },
  )
  const retryable = handleWhen((error) => {
    const decision = classify(error)
    return decision.retry && (decision.afterMs ?? 0) <= options.maxRetryAfterMs
  })
  return retry(retryable, { maxAttempts: maxRetries, backoff })
}

/**
 * Milliseconds a response asks to wait before the next attempt: `retry-after-ms` (Azure), else
 * `Retry-After` in seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const millis = Number.parseFloat(headers?.get('retry-after-ms') ?? '')
  if (Number.isFinite(millis) && millis >= 0) return millis
  const value = headers?.get('retry-after')?.trim()
  if (!value) return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
