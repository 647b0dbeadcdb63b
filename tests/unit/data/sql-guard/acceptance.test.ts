import { describe, expect, it } from 'bun:test'
import { parseSync } from 'libpg-query'
import { guardSql, loadSqlGuard } from '../../../../src/data/sql-guard/index.ts'
import { ANALYST_QUERIES } from './support/analyst-queries.ts'

describe('guardSql on realistic analyst queries', () => {
  it('has at least 30 of them', () => {
    expect(ANALYST_QUERIES.length).toBeGreaterThanOrEqual(30)
  })

  for (const { name, sql } of ANALYST_QUERIES) {
    it(`accepts ${name}`, async () => {
      const guarded = await guardSql(sql)
      expect(guarded.relations.every((relation) => relation.startsWith('retail.'))).toBe(true)
      // What the executor will run: one DECLARE whose query is exactly the guarded statement.
      await loadSqlGuard()
      const wrapped = parseSync(`DECLARE zava_result NO SCROLL CURSOR FOR ${guarded.sql}`).stmts ?? []
      expect(wrapped).toHaveLength(1)
      expect(Object.keys(wrapped[0]?.stmt ?? {})).toEqual(['DeclareCursorStmt'])
      // Guarding the guarded text again changes nothing.
      expect(await guardSql(guarded.sql)).toEqual(guarded)
    })
  }

  it('reports the tables read, CTE names excluded, and the functions called', async () => {
    const guarded = await guardSql(
      `WITH monthly AS (SELECT date_trunc('month', o.order_date) AS m, sum(oi.line_total) AS revenue
                        FROM retail.orders o JOIN order_items oi USING (order_id) GROUP BY 1)
       SELECT m, revenue, lag(revenue) OVER (ORDER BY m) FROM monthly`,
    )
    expect(guarded.relations.sort()).toEqual(['retail.order_items', 'retail.orders'])
    expect(guarded.functions.sort()).toEqual(['date_trunc', 'lag', 'sum'])
  })

  it('accepts a function qualified with pg_catalog', async () => {
    const guarded = await guardSql(
      'SELECT pg_catalog.lower(name) FROM retail.stores WHERE pg_catalog.length(city) > 0',
    )
    expect(guarded.functions.sort()).toEqual(['length', 'lower'])
  })

  it('lets a recursive CTE refer to itself and to later entries', async () => {
    const guarded = await guardSql(
      'WITH RECURSIVE a(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM a, b WHERE n < 3), b AS (SELECT 1) SELECT * FROM a',
    )
    expect(guarded.relations).toEqual([])
  })

  it('gives the same fingerprint to queries that differ only in constants', async () => {
    const a = await guardSql("SELECT * FROM retail.orders WHERE status = 'completed' LIMIT 10")
    const b = await guardSql("select * from retail.orders where status = 'returned' limit 99")
    expect(a.fingerprint).toBeString()
    expect(a.fingerprint).toBe(b.fingerprint as string)
  })
})
