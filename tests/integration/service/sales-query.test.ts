import { beforeAll, describe, expect, it } from 'bun:test'
import { guardSql } from '../../../src/data/sql-guard/index.ts'
import type { Caller } from '../../../src/data/with-tenant.ts'
import { SalesQueryService } from '../../../src/service/sales-query.ts'
import { demoCaller, getRetailDatabase, type RetailDatabase } from '../../support/retail-database.ts'

let rdb: RetailDatabase
let caller: Caller

const service = (maxRows = 500, maxBytes = 256 * 1024) =>
  new SalesQueryService(rdb.tdb, { guard: guardSql, timeoutMs: 5_000, limits: { maxRows, maxBytes } })

beforeAll(async () => {
  rdb = await getRetailDatabase()
  caller = await demoCaller(rdb, 'regionalManager')
})

describe('execute_sales_query results', () => {
  it('keeps columns that share a name apart', async () => {
    const result = await service().execute(
      caller,
      'SELECT 1 AS a, 2 AS a, s.name, r.name FROM retail.stores s JOIN retail.regions r USING (region_id) LIMIT 1',
    )
    expect(result.columns.map((c) => c.name)).toEqual(['a', 'a', 'name', 'name'])
    expect(result.rows[0]?.slice(0, 2)).toEqual([1, 2])
    expect(result.rows[0]?.[2]).not.toEqual(result.rows[0]?.[3])
  })

  it('stops at the row cap and says how to see what matters', async () => {
    const result = await service(50).execute(caller, 'SELECT order_id FROM retail.orders')
    expect(result).toMatchObject({ row_count: 50, truncated: true, truncated_by: 'rows' })
    expect(result.note).toContain('GROUP BY')
  })

  it('stops at the byte cap before the row cap', async () => {
    const result = await service(500, 4_096).execute(
      caller,
      "SELECT repeat('x', 1000) FROM generate_series(1, 100)",
    )
    expect(result).toMatchObject({ truncated: true, truncated_by: 'bytes' })
    expect(JSON.stringify(result.rows).length).toBeLessThanOrEqual(4_096)
  })

  it('returns column names and types for an empty result', async () => {
    const result = await service().execute(
      caller,
      "SELECT order_id, total_amount FROM retail.orders WHERE order_date < '1900-01-01'",
    )
    expect(result.rows).toEqual([])
    expect(result.columns).toEqual([
      { name: 'order_id', type: 'uuid' },
      { name: 'total_amount', type: 'numeric' },
    ])
  })

  it('returns money as numbers and dates as ISO text', async () => {
    const result = await service().execute(caller, "SELECT 12.5::numeric(10,2) AS m, DATE '2026-01-02' AS d")
    expect(result.rows).toEqual([[12.5, '2026-01-02']])
  })
})
