import type { Caller } from '../../data/with-tenant.ts'

/**
 * The place where a search feature plugs into property 4 ("cache and search do not leak") when
 * it lands: give `verifyIsolation` a probe and every generated tenant runs every query through
 * it, on one shared instance (so its caches are shared too). The property fails when a result
 * mentions a store outside the tenant's set (id or name anywhere in the JSON), or, with
 * `expected`, when the result differs from what the tenant's stores alone give, or when `check`
 * finds something wrong (e.g. a product "in stock" only at another store).
 *
 * @example
 *   searchProbe: {
 *     name: 'search_products',
 *     queries: ['cordless drill', 'garden hose'],
 *     run: (caller, text) => services.search.products(caller, { query: text, limit: 10 }),
 *   }
 */
export interface SearchLeakProbe {
  name: string
  /** Search texts to try; each case picks one. */
  queries: readonly string[]
  run(caller: Caller, text: string): Promise<unknown>
  /** Optional oracle: what the search must return for these stores (compared as JSON). */
  expected?(storeIds: readonly string[], text: string): Promise<unknown>
  /** Optional check of a result for these stores: a description of what is wrong, or undefined. */
  check?(result: unknown, storeIds: readonly string[], text: string): Promise<string | undefined>
}

export interface IsolationHooks {
  /** Search to check for leaks (none by default: a search service wires its own, see above). */
  searchProbe?: SearchLeakProbe
}
