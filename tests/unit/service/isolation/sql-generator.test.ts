import { describe, expect, it } from 'bun:test'
import fc from 'fast-check'
import { guardSql } from '../../../../src/data/sql-guard/index.ts'
import {
  aggregateQuery,
  analyticsQuery,
  type IsolationModel,
  QueryBuilder,
  renderOracleSql,
  renderTenantSql,
  Tape,
} from '../../../../src/service/isolation/index.ts'

const STORE_A = '0b6f3d6e-1c1e-4f8a-9a55-8f0c2a7d1e01'
const STORE_B = '7c2d4e5f-2a3b-4c5d-8e9f-0a1b2c3d4e5f'

const model: IsolationModel = {
  stores: [
    { storeId: STORE_A, name: 'Zava A', regionId: 'r1' },
    { storeId: STORE_B, name: "Zava O'Hare", regionId: 'r2' },
  ],
  regionIds: ['r1', 'r2'],
  tenants: [],
  firstOrderDate: '2025-01-01',
  lastOrderDate: '2025-12-31',
  lastNames: ["O'Neil", 'Smith'],
  brands: ['Brand 0'],
}

describe('generated analytics SQL', () => {
  it('always passes the SQL guard of execute_sales_query', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(analyticsQuery(model), aggregateQuery(model)), async (query) => {
        await guardSql(renderTenantSql(query.template, query.qualify))
      }),
      { numRuns: 500, seed: 42 },
    )
  })

  it('renders every tenant table of the oracle filtered to the given stores, and leaves no marker', () => {
    fc.assert(
      fc.property(analyticsQuery(model), (query) => {
        const oracle = renderOracleSql(query.template, [STORE_A])
        const tenant = renderTenantSql(query.template, query.qualify)
        expect(oracle).not.toContain('⟦')
        expect(tenant).not.toContain('⟦')
        // Take out the filtered subqueries: no tenant table may be left unfiltered.
        expect(oracle.replaceAll(`WHERE store_id = ANY('{${STORE_A}}'::uuid[])`, '')).not.toMatch(
          /(FROM|JOIN) retail\.(stores|customers|orders|order_items|inventory) (?!\))/,
        )
      }),
      { numRuns: 300, seed: 7 },
    )
  })

  it('shrinks towards the plainest query: an empty tape reads the first option of every menu', () => {
    const query = new QueryBuilder(new Tape([]), model).build()
    expect(renderTenantSql(query.template, query.qualify)).toBe('SELECT count(*) AS a1 FROM retail.orders o1')
  })

  it('quotes names taken from the data', () => {
    const sqls = fc
      .sample(analyticsQuery(model), { numRuns: 2000, seed: 3 })
      .map((q) => renderTenantSql(q.template))
    const quoted = sqls.filter((sql) => sql.includes('O'))
    expect(quoted.some((sql) => sql.includes("'O''Neil'"))).toBe(true)
    expect(sqls.every((sql) => !sql.includes("'O'Neil'"))).toBe(true)
  })

  it('refuses to put anything but store ids into the oracle filter', () => {
    expect(() => renderOracleSql('SELECT 1 FROM ⟦orders⟧ o', ["x') OR true --"])).toThrow('not a store id')
  })
})
