import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SCRATCH_EMAIL_DOMAIN } from '../../../src/service/isolation/index.ts'
import { provisionScratchRetail, type ScratchRetail } from './support/scratch-retail.ts'

// `zava-mcp verify-isolation` as a platform team runs it: a subprocess against a database of its
// own, seeded like the demo; exit 0 when healthy, 1 with a counterexample when a policy leaks.
const CLI = join(import.meta.dir, '..', '..', '..', 'src', 'cli.ts')
const TIMEOUT_MS = 5 * 60_000

let db: ScratchRetail
let dir: string
let tenantsFile: string

beforeAll(async () => {
  db = await provisionScratchRetail('seed')
  dir = mkdtempSync(join(tmpdir(), 'zava-verify-'))
  tenantsFile = join(dir, 'tenants.json')
  writeFileSync(tenantsFile, JSON.stringify({ users: 'all', unknown_users: 1, scratch_regional_managers: 2 }))
})

afterAll(async () => {
  await db?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function run(args: string[], env: Record<string, string> = {}) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        ![
          'DATABASE_URL',
          'ZAVA_ADMIN_URL',
          'ZAVA_TENANT_KEY',
          'FC_SEED',
          'FC_RUNS',
          'ISOLATION_RUNS',
        ].includes(k),
    ),
  ) as Record<string, string>
  const child = Bun.spawn(['bun', CLI, 'verify-isolation', ...args], {
    env: { ...base, ZAVA_TENANT_KEY: db.tenantKey, ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ])
  return { stdout, stderr, code }
}

const urls = () => ['--database-url', db.appUrl, '--admin-url', db.adminUrl]

describe('zava-mcp verify-isolation', () => {
  it(
    'exits 0 with a JSON report of every property on a healthy database, and removes its scratch users',
    async () => {
      const { stdout, stderr, code } = await run([
        ...urls(),
        '--tenants',
        tenantsFile,
        '--runs',
        '40',
        '--seed',
        '5',
        '--json',
      ])
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' })
      const report = JSON.parse(stdout)
      expect(report.ok).toBe(true)
      expect(report.seed).toBe(5)
      expect(report.tenants.scratch).toBe(2)
      expect(report.properties.map((p: { id: string }) => p.id)).toEqual([
        'row-isolation',
        'aggregates',
        'store-performance',
        'table-schemas',
        'no-carry-over',
        'cache-and-search',
        'fail-closed',
      ])
      for (const p of report.properties)
        expect({ id: p.id, status: p.status, cases: p.cases }).toEqual({
          id: p.id,
          status: 'passed',
          cases: 40,
        })
      const lease = await db.admin.acquire()
      try {
        const { rows } = await lease.connection.query(
          'SELECT count(*)::int AS n FROM tenancy.users WHERE email LIKE $1',
          [`%@${SCRATCH_EMAIL_DOMAIN}`],
        )
        expect(rows[0].n).toBe(0)
      } finally {
        lease.release()
      }
    },
    TIMEOUT_MS,
  )

  it(
    'exits 1 with a shrunk counterexample and a reproduce line when a policy leaks',
    async () => {
      await db.exec('CREATE POLICY leak ON retail.inventory FOR SELECT TO zava_analyst USING (true)')
      try {
        const text = await run([
          ...urls(),
          '--runs',
          '200',
          '--seed',
          '9',
          '--properties',
          'row-isolation,aggregates',
        ])
        expect(text.code).toBe(1)
        expect(text.stdout).toContain('Isolation verification: FAILED (seed 9')
        expect(text.stdout).toMatch(/FAIL {2}aggregates/)
        expect(text.stdout).toContain('counterexample (after')
        expect(text.stdout).toContain('inventory')
        expect(text.stdout).toMatch(
          /reproduce: zava-mcp verify-isolation .*--seed 9 --properties aggregates --path \d/,
        )
        expect(text.stdout).not.toContain(db.adminUrl)

        const json = await run([
          ...urls(),
          '--runs',
          '200',
          '--seed',
          '9',
          '--properties',
          'aggregates',
          '--json',
        ])
        expect(json.code).toBe(1)
        const report = JSON.parse(json.stdout)
        expect(report.ok).toBe(false)
        expect(report.properties[0].failure.counterexample).toContain('inventory')
        expect(report.reproduce[0].property).toBe('aggregates')

        // The printed seed and path replay exactly that counterexample.
        const failure = report.properties[0].failure
        const replay = await run([
          ...urls(),
          '--seed',
          '9',
          '--properties',
          'aggregates',
          '--path',
          failure.path,
          '--json',
        ])
        expect(replay.code).toBe(1)
        expect(JSON.parse(replay.stdout).properties[0].failure.counterexample).toBe(failure.counterexample)
      } finally {
        await db.exec('DROP POLICY leak ON retail.inventory')
      }
    },
    TIMEOUT_MS,
  )

  it('refuses to run without an admin URL for the oracle', async () => {
    const { code, stderr } = await run(['--database-url', db.appUrl, '--runs', '1'])
    expect(code).toBe(1)
    expect(stderr).toContain('No admin URL for the oracle')
  })

  it('refuses an admin URL that cannot see every row', async () => {
    const { code, stderr } = await run(['--database-url', db.appUrl, '--admin-url', db.appUrl, '--runs', '1'])
    expect(code).toBe(1)
    expect(stderr).toContain('cannot be the oracle')
  })

  it('refuses a tenant key that differs from the installed one', async () => {
    const { code, stderr } = await run([...urls(), '--runs', '1'], { ZAVA_TENANT_KEY: 'ab'.repeat(32) })
    expect(code).toBe(1)
    expect(stderr).toContain('tenant key differs')
  })
})
