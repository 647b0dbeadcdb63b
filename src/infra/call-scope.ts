import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * What one tool call did, gathered along its async path without threading a parameter through
 * every layer: the data layer adds the rows and queries it ran, the cache says whether it hit.
 * Read once, for the call's log line.
 */
export interface CallScope {
  readonly requestId: string
  readonly tool: string
  dbQueries: number
  dbRows: number
  /** The cache's verdict for this call, when a cached service answered it. */
  cache?: 'hit' | 'miss' | 'bypass'
}

const storage = new AsyncLocalStorage<CallScope>()

/** The scope of the tool call running now, if any (undefined outside a call: start-up, tests). */
export function currentCall(): CallScope | undefined {
  return storage.getStore()
}

/** Runs `fn` as the tool call `requestId` of `tool`. */
export function runInCallScope<T>(requestId: string, tool: string, fn: (scope: CallScope) => T): T {
  const scope: CallScope = { requestId, tool, dbQueries: 0, dbRows: 0 }
  return storage.run(scope, () => fn(scope))
}
