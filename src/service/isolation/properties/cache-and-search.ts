import fc from 'fast-check'
import type { TableSchema } from '../../table-schemas.ts'
import { callerFor } from '../context.ts'
import type { Tenant } from '../model.ts'
import { foreignStoreMentions, IsolationViolation } from '../oracle.ts'
import type { IsolationProperty } from '../property.ts'
import { tenantArbitrary } from './sql-rows.ts'
import { checkSchemas, tableArbitrary } from './typed-tools.ts'

interface CachedCall {
  tenant: Tenant
  tables: string[]
  search: number
}
type CacheCase = { calls: CachedCall[]; concurrent: boolean }

/**
 * Property 4: one long-lived TableSchemaService (the server keeps one) answers a sequence of
 * tenants, sometimes concurrently; each answer must be that tenant's, never a cached answer for
 * another. With a search probe (hooks.ts), the same sequence also goes through search.
 */
export const cacheIsolation: IsolationProperty<CacheCase> = {
  id: 'cache-and-search',
  title: 'the shared schema cache (and search, once wired) never answers one tenant with another’s values',
  arbitrary: (ctx) =>
    fc.record({
      calls: fc.array(
        fc.record({ tenant: tenantArbitrary(ctx), tables: tableArbitrary, search: fc.nat({ max: 1000 }) }),
        { minLength: 2, maxLength: 6 },
      ),
      concurrent: fc.boolean(),
    }),
  async check(ctx, { calls, concurrent }) {
    const one = async (call: CachedCall) => {
      const caller = await callerFor(ctx, call.tenant)
      const schemas: TableSchema[] = await ctx.services.cachedSchemas.describe(caller, call.tables)
      await checkSchemas(ctx, call.tenant, schemas)
      const probe = ctx.hooks.searchProbe
      if (probe && probe.queries.length > 0) {
        const text = probe.queries[call.search % probe.queries.length]!
        const result = await probe.run(caller, text)
        const mentions = foreignStoreMentions(result, call.tenant, ctx.model)
        if (mentions.length > 0) {
          throw new IsolationViolation(
            `${probe.name}("${text}") names stores the tenant may not see: ${mentions.join(', ')}`,
          )
        }
        const problem = await probe.check?.(result, call.tenant.expectedStoreIds, text)
        if (problem)
          throw new IsolationViolation(`${probe.name}("${text}") for ${call.tenant.label}: ${problem}`)
        if (probe.expected) {
          const expected = await probe.expected(call.tenant.expectedStoreIds, text)
          if (JSON.stringify(result) !== JSON.stringify(expected)) {
            throw new IsolationViolation(
              `${probe.name}("${text}") differs from the oracle for the tenant's stores:\n  got ${JSON.stringify(result)}\n  want ${JSON.stringify(expected)}`,
            )
          }
        }
      }
    }
    if (concurrent) {
      const outcomes = await Promise.allSettled(calls.map(one))
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')
      if (failed) throw failed.reason
    } else {
      for (const call of calls) await one(call)
    }
    return undefined
  },
  describe: ({ calls, concurrent }) =>
    `${concurrent ? 'concurrently' : 'in sequence'}, on one TableSchemaService:\n` +
    calls
      .map((c) => `  ${c.tenant.label}: get_multiple_table_schemas ${JSON.stringify(c.tables)}`)
      .join('\n'),
}
