import { beforeAll, describe, expect, it } from 'bun:test'
import { join } from 'node:path'
import { DEMO_USERS } from '../../src/data/seed/index.ts'
import { ROOT, serverEnv } from '../support/mcp-client.ts'
import { adminQuery, getRetailDatabase, type RetailDatabase } from '../support/retail-database.ts'

let rdb: RetailDatabase

beforeAll(async () => {
  rdb = await getRetailDatabase()
})

/** Runs the official MCP Inspector in CLI mode against `zava-mcp serve` (a client no one here wrote). */
async function inspector(rlsUserId: string, ...args: string[]) {
  const env = serverEnv(rdb, rlsUserId)
  const envFlags = Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`])
  const proc = Bun.spawn(
    [
      'node',
      join(ROOT, 'node_modules', '.bin', 'mcp-inspector'),
      '--cli',
      ...envFlags,
      'bun',
      join(ROOT, 'src', 'cli.ts'),
      'serve',
      ...args,
    ],
    {
      cwd: ROOT,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    },
  )
  const timer = setTimeout(() => proc.kill(), 60_000)
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ])
  clearTimeout(timer)
  if (code !== 0) throw new Error(`inspector exited ${code}: ${stdout} ${stderr}`)
  return JSON.parse(stdout)
}

describe('with the MCP Inspector CLI as the client', () => {
  it('lists the tools', async () => {
    const { tools } = await inspector(DEMO_USERS.storeManager.rlsUserId, '--method', 'tools/list')
    expect(tools.map((t: { name: string }) => t.name)).toContain('execute_sales_query')
  })

  for (const who of ['storeManager', 'regionalManager'] as const) {
    it(`counts the ${who}'s orders exactly as head office does for those stores`, async () => {
      const result = await inspector(
        DEMO_USERS[who].rlsUserId,
        '--method',
        'tools/call',
        '--tool-name',
        'execute_sales_query',
        '--tool-arg',
        'postgresql_query=SELECT count(*) AS n, count(DISTINCT store_id) AS stores FROM retail.orders',
      )
      expect(result.isError ?? false).toBe(false)
      const [n, stores] = result.structuredContent.rows[0]
      const rows = await adminQuery<{ n: number; stores: number }>(
        rdb.admin,
        `SELECT count(*)::int AS n, count(DISTINCT o.store_id)::int AS stores FROM retail.orders o
         WHERE o.store_id IN (SELECT store_id FROM tenancy.store_managers WHERE rls_user_id = $1
                              UNION SELECT s.store_id FROM retail.stores s JOIN tenancy.regional_managers r USING (region_id) WHERE r.rls_user_id = $1)`,
        [DEMO_USERS[who].rlsUserId],
      )
      expect({ n, stores }).toEqual(rows[0]!)
    })
  }

  it('gets a typed error for a store outside the caller', async () => {
    const [other] = await adminQuery<{ store_id: string }>(
      rdb.admin,
      'SELECT store_id FROM retail.stores WHERE store_id NOT IN (SELECT store_id FROM tenancy.store_managers WHERE rls_user_id = $1) LIMIT 1',
      [DEMO_USERS.storeManager.rlsUserId],
    )
    // The inspector exits 5 on a tool error; the refusal must still be the typed one, not a crash.
    const attempt = inspector(
      DEMO_USERS.storeManager.rlsUserId,
      '--method',
      'tools/call',
      '--tool-name',
      'get_store_performance',
      '--tool-arg',
      `store_id=${other!.store_id}`,
      'period=last_quarter',
    )
    await expect(attempt).rejects.toThrow(/inspector exited 5: [\s\S]*tool_is_error/)
  })
})
