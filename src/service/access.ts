import type { Caller } from '../data/with-tenant.ts'
import { AuthorizationError } from '../errors.ts'

/**
 * Checks, before any data work, that the caller may see a store. A store outside the caller's
 * set is refused whether or not it exists, so the answer reveals nothing about other stores.
 */
export function assertStoreAccess(caller: Caller, storeId: string): void {
  if (!caller.storeIds.includes(storeId.toLowerCase())) {
    throw new AuthorizationError(
      `You do not have access to store ${storeId}.`,
      caller.storeIds.length === 1
        ? `As a store manager you can only see store ${caller.storeIds[0]}.`
        : 'Use one of the store ids returned by the schema of retail.stores (get_multiple_table_schemas).',
    )
  }
}
