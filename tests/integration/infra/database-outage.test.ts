import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { DEMO_USERS } from '../../../src/data/seed/index.ts'
import { probeBackend } from '../../../src/infra/provision/index.ts'
import { createPrivateDatabase, type PrivateDatabase } from '../../support/private-database.ts'
import { ServerProcess, toolError } from '../../support/server-process.ts'

const localAvailable = (await probeBackend('local')).ok

interface Sample {
  startedAt: number
  endedAt: number
  ok: boolean
  code?: string
}

const WORKERS = 4
const WARM_MS = 1_500
const OUTAGE_MS = 3_000
const AFTER_MS = 4_000

describe.skipIf(!localAvailable)('a database outage under steady load (private local cluster)', () => {
  let db: PrivateDatabase
  let statsDir: string

  beforeAll(async () => {
    db = await createPrivateDatabase()
    statsDir = mkdtempSync(join(tmpdir(), 'zava-outage-'))
  })
  afterAll(async () => {
    await db?.stop()
    rmSync(statsDir, { recursive: true, force: true })
  })

  it('never crashes, fails fast with a typed error while down, and answers again within 2 s of the database being back', async () => {
    const admin = new pg.Client({ connectionString: db.adminUrl })
    await admin.connect()
    const storeId = (
      await admin.query('SELECT store_id::text AS id FROM tenancy.store_managers WHERE rls_user_id = $1', [
        DEMO_USERS.storeManager.rlsUserId,
      ])
    ).rows[0].id as string
    await admin.end()

    // Production defaults: acquire 3 s, 3 attempts within 2 s, circuit opens after 5 failures, probes every 1 s.
    const server = new ServerProcess({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: db.appUrl,
      ZAVA_TENANT_KEY: db.tenantKey,
      ZAVA_RLS_USER_ID: DEMO_USERS.storeManager.rlsUserId,
      EMBEDDINGS_PROVIDER: 'none',
      LOG_LEVEL: 'info',
      STATS_DIR: statsDir,
    })
    try {
      await server.initialize()
      const t0 = performance.now()
      const now = () => performance.now() - t0
      const samples: Sample[] = []
      let running = true
      const calls = [
        () =>
          server.callTool('execute_sales_query', { postgresql_query: 'SELECT count(*) FROM retail.orders' }),
        // An open period: never served from the cache, so every call needs the database.
        () => server.callTool('get_store_performance', { store_id: storeId, period: 'this_month' }),
      ]
      const worker = async (w: number) => {
        for (let i = w; running; i++) {
          const startedAt = now()
          const response = await calls[i % calls.length]!()
          const error = toolError(response)
          samples.push({ startedAt, endedAt: now(), ok: !error && !!response.result, code: error?.code })
          await Bun.sleep(25)
        }
      }
      const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)))

      await Bun.sleep(WARM_MS)
      const stopAt = now()
      await db.control.stop('immediate')
      const downAt = now()
      await Bun.sleep(OUTAGE_MS)
      const restartAt = now()
      await db.control.start()
      const backAt = now()
      await Bun.sleep(AFTER_MS)
      running = false
      await load

      const before = samples.filter((s) => s.endedAt < stopAt)
      const outage = samples.filter((s) => s.startedAt >= downAt && s.endedAt <= restartAt)
      const firstSuccessAfter = samples
        .filter((s) => s.ok && s.startedAt >= backAt)
        .sort((a, b) => a.endedAt - b.endedAt)[0]
      const settled = samples.filter((s) => s.startedAt >= backAt + 2_000)
      const latencies = outage.map((s) => s.endedAt - s.startedAt).sort((a, b) => a - b)
      const pct = (q: number) =>
        latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
      const recoveryMs = firstSuccessAfter ? firstSuccessAfter.endedAt - backAt : Number.POSITIVE_INFINITY
      const codes = [...new Set(outage.map((s) => s.code ?? 'ok'))]

      console.log(
        [
          `[outage] ${samples.length} calls by ${WORKERS} workers; before the stop: ${before.filter((s) => s.ok).length}/${before.length} ok`,
          `[outage] database down ${Math.round(restartAt - downAt)} ms (pg_ctl stop -m immediate took ${Math.round(downAt - stopAt)} ms, start ${Math.round(backAt - restartAt)} ms)`,
          `[outage] during the outage: ${outage.length} calls, all failed: ${outage.every((s) => !s.ok)}, codes ${codes.join(',')}`,
          `[outage] fail-fast latency: p50 ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms, max ${pct(1).toFixed(1)} ms`,
          `[outage] recovery: first success ${recoveryMs.toFixed(0)} ms after the database accepted connections again`,
          `[outage] from 2 s after recovery: ${settled.filter((s) => s.ok).length}/${settled.length} ok`,
        ].join('\n'),
      )

      expect(before.length).toBeGreaterThan(10)
      expect(before.every((s) => s.ok)).toBe(true)
      expect(outage.length).toBeGreaterThan(20)
      expect(codes).toEqual(['SERVICE_UNAVAILABLE'])
      // Fast: most calls are refused by the open circuit at once; none waits past the retry budget.
      expect(pct(0.5)).toBeLessThan(50)
      expect(pct(1)).toBeLessThan(3_000)
      expect(recoveryMs).toBeLessThan(2_000)
      expect(settled.length).toBeGreaterThan(10)
      expect(settled.every((s) => s.ok)).toBe(true)

      // Never crashed: still serving, and shuts down cleanly.
      expect(server.proc.exitCode).toBeNull()
      server.endInput()
      expect(await server.exited).toBe(0)
      const logs = server.logs()
      expect(logs.some((l) => l.circuit === 'open')).toBe(true)
      expect(logs.some((l) => l.circuit === 'closed')).toBe(true)
    } finally {
      server.kill('SIGKILL')
    }
  })
})
