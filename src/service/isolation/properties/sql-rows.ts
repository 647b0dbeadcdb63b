import fc from 'fast-check'
import { callerFor, type IsolationContext } from '../context.ts'
import type { Tenant } from '../model.ts'
import {
  compareResults,
  describeMismatch,
  foreignStoreMentions,
  IsolationViolation,
  runOracle,
} from '../oracle.ts'
import { errorSummary, type IsolationProperty, isTimeout } from '../property.ts'
import { aggregateQuery, analyticsQuery } from '../query-arbitraries.ts'
import type { GeneratedQuery } from '../sql-generator.ts'
import { renderOracleSql, renderTenantSql } from '../sql-template.ts'

type SqlCase = [Tenant, GeneratedQuery]

export const tenantArbitrary = (ctx: IsolationContext) => fc.constantFrom(...ctx.model.tenants)

/**
 * Runs the query as the tenant through execute_sales_query (guard, withTenant, cursor) and as the
 * oracle (admin, every tenant table filtered to the expected stores); the results must be equal.
 */
export async function checkSqlCase(ctx: IsolationContext, [tenant, query]: SqlCase) {
  const caller = await callerFor(ctx, tenant)
  const [actual, expected] = await Promise.allSettled([
    ctx.services.queries.execute(caller, renderTenantSql(query.template, query.qualify)),
    runOracle(
      ctx.admin,
      renderOracleSql(query.template, tenant.expectedStoreIds),
      ctx.limits,
      ctx.queryTimeoutMs,
    ),
  ])
  if (expected.status === 'rejected') {
    if (isTimeout(expected.reason)) return 'inconclusive'
    throw new Error(
      `the oracle could not run the generated query (a generator bug): ${errorSummary(expected.reason)}`,
    )
  }
  if (actual.status === 'rejected') {
    if (isTimeout(actual.reason)) return 'inconclusive'
    throw new IsolationViolation(
      `execute_sales_query failed where the oracle succeeded: ${errorSummary(actual.reason)}`,
    )
  }
  const mentions = foreignStoreMentions(actual.value.rows, tenant, ctx.model)
  if (mentions.length > 0) {
    throw new IsolationViolation(`the result names stores the tenant may not see: ${mentions.join(', ')}`)
  }
  if ((actual.value.truncated || expected.value.truncated) && !query.ordered) return 'inconclusive'
  const mismatch = compareResults(actual.value, expected.value, query.ordered)
  if (mismatch) throw new IsolationViolation(describeMismatch(mismatch, actual.value, expected.value))
  return undefined
}

const describeSqlCase = ([tenant, query]: SqlCase) =>
  `tenant: ${tenant.label}, stores [${tenant.expectedStoreIds.join(', ')}]\n` +
  `query (${query.shape}): ${renderTenantSql(query.template, query.qualify)}`

export const rowIsolation: IsolationProperty<SqlCase> = {
  id: 'row-isolation',
  title:
    'execute_sales_query returns exactly the rows of the tenant’s stores (joins, windows, subqueries, set operations)',
  arbitrary: (ctx) => fc.tuple(tenantArbitrary(ctx), analyticsQuery(ctx.model)),
  check: checkSqlCase,
  describe: describeSqlCase,
}

export const aggregateIsolation: IsolationProperty<SqlCase> = {
  id: 'aggregates',
  title: 'count, sum, avg, min, max over tenant tables equal the oracle’s over the tenant’s stores only',
  arbitrary: (ctx) => fc.tuple(tenantArbitrary(ctx), aggregateQuery(ctx.model)),
  check: checkSqlCase,
  describe: describeSqlCase,
}
