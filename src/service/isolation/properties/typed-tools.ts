import fc from 'fast-check'
import type { Db } from '../../../data/db.ts'
import { AuthorizationError } from '../../../errors.ts'
import { NAMED_PERIODS, type ResolvedPeriod, resolvePeriod } from '../../periods.ts'
import type { StorePerformance } from '../../store-performance.ts'
import { RETAIL_TABLES, type TableSchema, TableSchemaService } from '../../table-schemas.ts'
import { adminRead } from '../admin-read.ts'
import { callerFor, type IsolationContext } from '../context.ts'
import type { IsolationModel, Tenant } from '../model.ts'
import { foreignStoreMentions, IsolationViolation } from '../oracle.ts'
import { errorSummary, type IsolationProperty } from '../property.ts'
import { tenantArbitrary } from './sql-rows.ts'

/** A well-formed store id that no store has: it must be refused like any other store. */
export const NO_SUCH_STORE = '00000000-0000-4000-8000-000000000000'

type PerformanceCase = [Tenant, string, string]

const periodArbitrary = (model: IsolationModel) => {
  const first = Date.parse(`${model.firstOrderDate}T00:00:00Z`)
  const days = Math.max(1, Math.round((Date.parse(`${model.lastOrderDate}T00:00:00Z`) - first) / 86_400_000))
  const day = (n: number) => new Date(first + n * 86_400_000).toISOString().slice(0, 10)
  return fc.oneof(
    fc.constantFrom(...NAMED_PERIODS),
    fc
      .tuple(fc.nat({ max: days }), fc.nat({ max: 120 }))
      .map(([start, length]) => `${day(start)}/${day(Math.min(days, start + length))}`),
  )
}

export const storePerformanceIsolation: IsolationProperty<PerformanceCase> = {
  id: 'store-performance',
  title: 'get_store_performance refuses stores outside the tenant’s set and is exact for its own',
  arbitrary: (ctx) =>
    fc.tuple(
      tenantArbitrary(ctx),
      fc.nat({ max: ctx.model.stores.length }).map((i) => ctx.model.stores[i]?.storeId ?? NO_SUCH_STORE),
      periodArbitrary(ctx.model),
    ),
  async check(ctx, [tenant, storeId, period]) {
    const caller = await callerFor(ctx, tenant)
    const today = ctx.model.lastOrderDate
    const outcome = await ctx.services.performance.get(caller, { storeId, period, today }).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    )
    if (!tenant.expectedStoreIds.includes(storeId)) {
      if (outcome.ok) {
        throw new IsolationViolation(
          `get_store_performance returned ${outcome.value.store.name} (${storeId}), a store outside the tenant's set`,
        )
      }
      if (!(outcome.error instanceof AuthorizationError)) {
        throw new IsolationViolation(
          `a store outside the tenant's set must be refused with AUTHORIZATION_ERROR whether or not it exists; got ${errorSummary(outcome.error)}`,
        )
      }
      return undefined
    }
    if (!outcome.ok)
      throw new IsolationViolation(`failed for the tenant's own store: ${errorSummary(outcome.error)}`)
    const expected = await storePerformanceOracle(ctx.admin, storeId, resolvePeriod(period, today))
    const actual = comparable(outcome.value)
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      throw new IsolationViolation(
        `get_store_performance differs from the oracle:\n  tenant: ${JSON.stringify(actual)}\n  oracle: ${JSON.stringify(expected)}`,
      )
    }
    return undefined
  },
  describe: ([tenant, storeId, period]) =>
    `tenant: ${tenant.label}, stores [${tenant.expectedStoreIds.join(', ')}]\nget_store_performance store_id=${storeId} period=${period}`,
}

const round = (value: number) => Math.round(value * 100) / 100

function comparable(p: StorePerformance) {
  const metrics = (m: StorePerformance['metrics']) => [m.orders, m.units, m.revenue, m.gross_margin]
  return {
    store: [p.store.store_id, p.store.name, p.store.city, p.store.region, p.store.is_online],
    current: metrics(p.metrics),
    previous: metrics(p.previous),
    top: p.top_products.map((t) => [t.product_id, t.revenue, t.units]),
  }
}

const SALES = `FROM retail.orders o
  JOIN retail.order_items oi ON oi.order_id = o.order_id AND oi.store_id = o.store_id
  JOIN retail.products p ON p.product_id = oi.product_id
  WHERE o.store_id = $1 AND o.order_date >= $2 AND o.order_date < $3 AND o.status IN ('completed', 'shipped')`

/** The store performance numbers restated as admin SQL over that one store: completed and shipped orders. */
async function storePerformanceOracle(admin: Db, storeId: string, period: ResolvedPeriod) {
  return adminRead(admin, async (q) => {
    const [store] = await q<Record<string, string | boolean>>(
      `SELECT s.store_id, s.name, s.city, r.name AS region, s.is_online
       FROM retail.stores s JOIN retail.regions r ON r.region_id = s.region_id WHERE s.store_id = $1`,
      [storeId],
    )
    const summary = async (from: string, to: string) => {
      const [row] = await q<Record<string, string | number>>(
        `SELECT count(DISTINCT o.order_id) AS orders, coalesce(sum(oi.quantity), 0) AS units,
                coalesce(sum(oi.line_total), 0) AS revenue, coalesce(sum(oi.line_total - oi.quantity * p.cost), 0) AS margin ${SALES}`,
        [storeId, from, to],
      )
      return [
        Number(row!.orders),
        Number(row!.units),
        round(Number(row!.revenue)),
        round(Number(row!.margin)),
      ]
    }
    const top = await q<Record<string, string | number>>(
      `SELECT p.product_id, sum(oi.line_total) AS revenue, sum(oi.quantity) AS units ${SALES}
       GROUP BY p.product_id ORDER BY sum(oi.line_total) DESC, p.product_id LIMIT 5`,
      [storeId, period.from, period.to],
    )
    return {
      store: store ? [store.store_id, store.name, store.city, store.region, store.is_online] : [],
      current: await summary(period.from, period.to),
      previous: await summary(period.previous.from, period.previous.to),
      top: top.map((t) => [t.product_id, round(Number(t.revenue)), Number(t.units)]),
    }
  })
}

type SchemaCase = [Tenant, string[]]

/** What the tenant-dependent filter values of the schemas must be, from the admin's view of its stores. */
export interface ExpectedSchemaValues {
  stores: { store_id: string[]; name: string[] }
  orders: { status: string[]; order_date_years: number[]; order_date_range: string[] }
}

const schemaAnswers = new WeakMap<IsolationContext, Map<string, Promise<ExpectedSchemaValues>>>()

export function expectedSchemaValues(ctx: IsolationContext, storeIds: readonly string[]) {
  let answers = schemaAnswers.get(ctx)
  if (!answers) {
    answers = new Map()
    schemaAnswers.set(ctx, answers)
  }
  const key = storeIds.join(',')
  let answer = answers.get(key)
  if (!answer) {
    answer = adminRead(ctx.admin, async (q) => {
      const stores = await q<{ store_id: string; name: string }>(
        'SELECT store_id, name FROM retail.stores WHERE store_id = ANY($1::uuid[]) ORDER BY name',
        [storeIds],
      )
      const [orders] = await q<{
        years: number[]
        statuses: string[]
        first: string | null
        last: string | null
      }>(
        `SELECT ARRAY(SELECT DISTINCT extract(year FROM order_date)::int FROM retail.orders WHERE store_id = ANY($1::uuid[]) ORDER BY 1) AS years,
                ARRAY(SELECT DISTINCT status FROM retail.orders WHERE store_id = ANY($1::uuid[]) ORDER BY 1) AS statuses,
                (SELECT min(order_date) FROM retail.orders WHERE store_id = ANY($1::uuid[])) AS first,
                (SELECT max(order_date) FROM retail.orders WHERE store_id = ANY($1::uuid[])) AS last`,
        [storeIds],
      )
      return {
        stores: { store_id: stores.map((s) => s.store_id), name: stores.map((s) => s.name) },
        orders: {
          status: orders!.statuses,
          order_date_years: orders!.years,
          order_date_range: [orders!.first ?? '', orders!.last ?? ''].filter(Boolean),
        },
      }
    })
    answers.set(key, answer)
  }
  return answer
}

/** Checks the tenant-dependent values of described tables against the oracle, and that no foreign store is named. */
export async function checkSchemas(
  ctx: IsolationContext,
  tenant: Tenant,
  schemas: TableSchema[],
): Promise<void> {
  const mentions = foreignStoreMentions(schemas, tenant, ctx.model)
  if (mentions.length > 0) {
    throw new IsolationViolation(
      `get_multiple_table_schemas names stores the tenant may not see: ${mentions.join(', ')}`,
    )
  }
  const expected = await expectedSchemaValues(ctx, tenant.expectedStoreIds)
  for (const schema of schemas) {
    const table = schema.table.replace(/^retail\./, '')
    if (table !== 'stores' && table !== 'orders') continue
    const want = expected[table] as Record<string, unknown>
    for (const [column, values] of Object.entries(want)) {
      if (JSON.stringify(schema.values[column]) !== JSON.stringify(values)) {
        throw new IsolationViolation(
          `${schema.table} values.${column} = ${JSON.stringify(schema.values[column])}; the tenant's stores give ${JSON.stringify(values)}`,
        )
      }
    }
  }
}

export const tableArbitrary = fc.subarray([...RETAIL_TABLES], { minLength: 1, maxLength: 4 })

export const tableSchemaIsolation: IsolationProperty<SchemaCase> = {
  id: 'table-schemas',
  title: 'get_multiple_table_schemas shows only the tenant’s store ids, names, order years and statuses',
  arbitrary: (ctx) => fc.tuple(tenantArbitrary(ctx), tableArbitrary),
  async check(ctx, [tenant, tables]) {
    const caller = await callerFor(ctx, tenant)
    // A fresh service: this property checks the values themselves; property 4 checks the cache.
    const schemas = await new TableSchemaService(ctx.main).describe(caller, tables)
    await checkSchemas(ctx, tenant, schemas)
    return undefined
  },
  describe: ([tenant, tables]) =>
    `tenant: ${tenant.label}, stores [${tenant.expectedStoreIds.join(', ')}]\nget_multiple_table_schemas ${JSON.stringify(tables)}`,
}
