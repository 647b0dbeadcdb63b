import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { DEMO_USERS } from '../../src/data/seed/index.ts'
import { callError, callOk, connectStdio, serverEnv } from '../support/mcp-client.ts'
import { adminQuery, getRetailDatabase, type RetailDatabase } from '../support/retail-database.ts'

const PERIOD = { from: '2026-01-01', through: '2026-03-31' }
let rdb: RetailDatabase

beforeAll(async () => {
  rdb = await getRetailDatabase()
})

/** Head office's view of a store's sales: the oracle the tools must agree with. */
async function oracleSales(storeId: string) {
  const [row] = await adminQuery<{ revenue: string; orders: number }>(
    rdb.admin,
    `SELECT coalesce(sum(oi.line_total), 0) AS revenue, count(DISTINCT o.order_id)::int AS orders
     FROM retail.orders o JOIN retail.order_items oi ON oi.order_id = o.order_id
     WHERE o.store_id = $1 AND o.order_date BETWEEN $2 AND $3 AND o.status IN ('completed', 'shipped')`,
    [storeId, PERIOD.from, PERIOD.through],
  )
  return { revenue: Number(row!.revenue), orders: row!.orders }
}

for (const who of ['storeManager', 'regionalManager'] as const) {
  describe(`over stdio as the demo ${who}`, () => {
    let client: Client
    let close: () => Promise<void>
    let visibleStores: string[]

    beforeAll(async () => {
      ;({ client, close } = await connectStdio(serverEnv(rdb, DEMO_USERS[who].rlsUserId)))
      const rows = await adminQuery<{ store_id: string }>(
        rdb.admin,
        who === 'storeManager'
          ? 'SELECT store_id FROM tenancy.store_managers WHERE rls_user_id = $1'
          : `SELECT s.store_id FROM retail.stores s JOIN tenancy.regional_managers r USING (region_id)
             WHERE r.rls_user_id = $1 ORDER BY s.store_id`,
        [DEMO_USERS[who].rlsUserId],
      )
      visibleStores = rows.map((r) => r.store_id).sort()
    })
    afterAll(() => close())

    it('lists the tools, resources and prompts', async () => {
      const tools = (await client.listTools()).tools.map((t) => t.name)
      expect(tools).toEqual([
        'get_multiple_table_schemas',
        'execute_sales_query',
        'get_current_utc_date',
        'get_store_performance',
        'semantic_search_products',
      ])
      const templates = (await client.listResourceTemplates()).resourceTemplates.map((r) => r.uriTemplate)
      expect(templates).toContain('schema://retail/{table}')
      expect((await client.listResources()).resources.map((r) => r.uri)).toContain('guide://zava/analytics')
      expect((await client.listPrompts()).prompts.length).toBeGreaterThanOrEqual(3)
    })

    it('describes the stores table with only the stores it may see', async () => {
      const { tables } = await callOk<{ tables: { table: string; values: Record<string, string[]> }[] }>(
        client,
        'get_multiple_table_schemas',
        { table_names: ['retail.stores', 'retail.orders'] },
      )
      expect(tables.map((t) => t.table)).toEqual(['retail.stores', 'retail.orders'])
      expect([...tables[0]!.values.store_id!].sort()).toEqual(visibleStores)
    })

    it('counts exactly the orders of its stores with execute_sales_query', async () => {
      const result = await callOk<{ rows: unknown[][] }>(client, 'execute_sales_query', {
        postgresql_query: 'SELECT store_id::text, count(*) FROM retail.orders GROUP BY 1 ORDER BY 1',
      })
      const oracle = await adminQuery<{ store_id: string; n: number }>(
        rdb.admin,
        'SELECT store_id::text, count(*)::int AS n FROM retail.orders WHERE store_id = ANY($1::uuid[]) GROUP BY 1 ORDER BY 1',
        [visibleStores],
      )
      expect(result.rows).toEqual(oracle.map((r) => [r.store_id, r.n]))
    })

    it('reports store performance that matches head office numbers', async () => {
      for (const storeId of visibleStores) {
        const perf = await callOk<{ metrics: { revenue: number; orders: number }; insights: string[] }>(
          client,
          'get_store_performance',
          { store_id: storeId, period: `${PERIOD.from}/${PERIOD.through}` },
        )
        const oracle = await oracleSales(storeId)
        expect(perf.metrics.orders).toBe(oracle.orders)
        expect(perf.metrics.revenue).toBeCloseTo(oracle.revenue, 2)
        expect(perf.insights.length).toBeGreaterThan(0)
      }
    })

    it('gets AUTHORIZATION_ERROR for a store it may not see, not an empty result', async () => {
      const [other] = await adminQuery<{ store_id: string }>(
        rdb.admin,
        'SELECT store_id FROM retail.stores WHERE NOT (store_id = ANY($1::uuid[])) LIMIT 1',
        [visibleStores],
      )
      const error = await callError(client, 'get_store_performance', {
        store_id: other!.store_id,
        period: 'last_quarter',
      })
      expect(error.code).toBe('AUTHORIZATION_ERROR')
    })

    it('gets VALIDATION_ERROR with a hint for bad arguments and unknown periods', async () => {
      expect(
        (await callError(client, 'get_store_performance', { store_id: 'not-a-uuid', period: 'ytd' })).code,
      ).toBe('VALIDATION_ERROR')
      const period = await callError(client, 'get_store_performance', {
        store_id: visibleStores[0]!,
        period: 'last_fortnight',
      })
      expect(period).toMatchObject({ code: 'VALIDATION_ERROR' })
      expect(period.hint).toContain('last_quarter')
      const table = await callError(client, 'get_multiple_table_schemas', { table_names: ['retail.secrets'] })
      expect(table.code).toBe('VALIDATION_ERROR')
      expect(table.hint).toContain('retail.orders')
    })

    it("returns today's UTC date", async () => {
      const date = await callOk<{ utc_date: string }>(client, 'get_current_utc_date', {})
      expect(date.utc_date).toBe(new Date().toISOString().slice(0, 10))
    })

    it('reads a table schema resource', async () => {
      const resource = await client.readResource({ uri: 'schema://retail/order_items' })
      const schema = JSON.parse(String((resource.contents[0] as { text: string }).text))
      expect(schema.table).toBe('retail.order_items')
    })
  })
}

describe('the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zava-embedded-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('starts with no configuration, seeds demo data, and answers as the demo store manager', async () => {
    const { client, close } = await connectStdio({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ZAVA_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    })
    try {
      expect((await client.listTools()).tools).toHaveLength(5)
      const result = await callOk<{ rows: [number][] }>(client, 'execute_sales_query', {
        postgresql_query: 'SELECT count(DISTINCT store_id) FROM retail.orders',
      })
      expect(result.rows).toEqual([[1]])
    } finally {
      await close()
    }
  })

  it('reuses the seeded database on the next start', async () => {
    const { client, close, stderr } = await connectStdio({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ZAVA_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    })
    try {
      await callOk(client, 'get_current_utc_date', {})
      expect(stderr()).not.toContain('seeded the embedded database')
    } finally {
      await close()
    }
  })
})
