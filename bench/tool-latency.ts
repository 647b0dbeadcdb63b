/**
 * Tool-call latency over stdio next to the same SQL run directly with the driver (the floor).
 *
 *   bun bench/tool-latency.ts [--calls 200] [--scale 0.1]
 *
 * Provisions a database (ZAVA_DB_BACKEND or auto), migrates and seeds it, starts `zava-mcp serve`
 * as a subprocess over stdio as the demo regional manager, and prints p50/p99 per tool.
 */
import { parseArgs } from 'node:util'
import * as hdr from 'hdr-histogram-js'
import { setAppPassword } from '../generated/admin.queries.ts'
import { installSigningKey } from '../src/data/admin.ts'
import { createPostgresDb } from '../src/data/db.ts'
import { migrate } from '../src/data/migrations.ts'
import { DEMO_USERS, seedDatabase } from '../src/data/seed/index.ts'
import { TenantSigner } from '../src/data/tenant-context.ts'
import { resolveCaller, withTenant } from '../src/data/with-tenant.ts'
import { provisionDatabase } from '../src/infra/provision/index.ts'
import { utcToday } from '../src/service/periods.ts'
import { callOk, connectStdio } from '../tests/support/mcp-client.ts'

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '200' }, scale: { type: 'string', default: '0.1' } },
})
const calls = Number(values.calls)
const log = (line: string) => process.stderr.write(`${line}\n`)

const database = await provisionDatabase({ log })
const admin = createPostgresDb(database.url, { max: 2 })
try {
  const key = TenantSigner.generateKey()
  const signer = TenantSigner.parse(key)
  await migrate(admin)
  await installSigningKey(admin, signer)
  await seedDatabase(admin, { scale: Number(values.scale), seed: 42, today: utcToday() })
  const privileged = database.pglite !== undefined
  let appUrl = database.url
  if (!privileged) {
    const lease = await admin.acquire()
    await setAppPassword.run({ password: 'bench' }, lease.connection)
    lease.release()
    const url = new URL(database.url)
    url.username = 'zava_app'
    url.password = 'bench'
    appUrl = url.toString()
  }
  const app = createPostgresDb(appUrl, { max: 2 })
  const tdb = {
    db: app,
    signer,
    timeouts: { statementMs: 10_000, lockMs: 2_000, idleInTransactionMs: 30_000 },
  }
  const caller = await resolveCaller(tdb, DEMO_USERS.regionalManager.rlsUserId)
  const storeId = caller.storeIds[0]!
  const { client, close } = await connectStdio({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: appUrl,
    ZAVA_TENANT_KEY: key,
    ZAVA_RLS_USER_ID: caller.rlsUserId,
    LOG_LEVEL: 'warn',
    ...(privileged ? { ZAVA_ALLOW_PRIVILEGED_LOGIN: 'true' } : {}),
  })
  const salesSql = `SELECT s.name, date_trunc('month', o.order_date) AS month, sum(o.total_amount) AS revenue
    FROM retail.orders o JOIN retail.stores s USING (store_id) GROUP BY 1, 2 ORDER BY 1, 2`
  const cases = [
    { tool: 'get_current_utc_date', args: {}, direct: 'SELECT now()' },
    { tool: 'execute_sales_query', args: { postgresql_query: salesSql }, direct: salesSql },
    { tool: 'get_store_performance', args: { store_id: storeId, period: 'last_quarter' }, direct: null },
    {
      tool: 'get_multiple_table_schemas',
      args: { table_names: ['retail.orders', 'retail.stores'] },
      direct: null,
    },
  ] as const
  const rows: string[][] = [['tool', 'p50 ms', 'p99 ms', 'direct p50 ms', 'direct p99 ms']]
  for (const c of cases) {
    const tool = hdr.build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: 60_000_000,
      numberOfSignificantValueDigits: 3,
    })
    const direct = hdr.build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: 60_000_000,
      numberOfSignificantValueDigits: 3,
    })
    for (let i = 0; i < 20; i++) await callOk(client, c.tool, c.args) // warm-up, excluded
    for (let i = 0; i < calls; i++) {
      const t = performance.now()
      await callOk(client, c.tool, c.args)
      tool.recordValue(Math.round((performance.now() - t) * 1000))
      if (c.direct) {
        const d = performance.now()
        await withTenant(tdb, caller, (tx) => tx.query(c.direct, []))
        direct.recordValue(Math.round((performance.now() - d) * 1000))
      }
    }
    const ms = (h: hdr.Histogram, p: number) =>
      h.totalCount ? (h.getValueAtPercentile(p) / 1000).toFixed(2) : '—'
    rows.push([c.tool, ms(tool, 50), ms(tool, 99), ms(direct, 50), ms(direct, 99)])
  }
  await close()
  await app.close()
  console.log(
    `\nTool calls over stdio vs the same SQL through withTenant directly (${calls} calls each, backend ${database.backend}):\n`,
  )
  for (const r of rows)
    console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(28) : cell.padStart(14))).join(''))
  console.log(
    '\n(direct = same SQL in a tenant transaction on the driver; tools that run several typed queries have no single direct equivalent)',
  )
} finally {
  await admin.close()
  await database.stop()
}
