import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test'
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunRecord } from '../../../bench/lib/report/types.ts'

// The bench provisions its own server (ZAVA_DB_BACKEND's when it is one the bench takes, as on CI).
setDefaultTimeout(300_000)

const ROOT = join(import.meta.dir, '..', '..', '..')
const requested = process.env.ZAVA_DB_BACKEND
const backend = requested === 'url' || requested === 'container' || requested === 'local' ? requested : 'auto'

let work: string
let out: string
let run: { code: number; stdout: string; stderr: string }
let records: Map<string, RunRecord>

async function bench(args: string[]) {
  const proc = Bun.spawn({
    cmd: ['bun', join(ROOT, 'bench', 'run.ts'), ...args],
    cwd: ROOT,
    env: { ...process.env, ZAVA_BENCH_CACHE_DIR: join(work, 'cache') },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ])
  return { code, stdout, stderr }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zava-bench-smoke-'))
  // Run as root, the local cluster's server runs as `postgres`, which must reach the cache directory.
  chmodSync(work, 0o755)
  out = join(work, 'results')
  run = await bench(['all', '--smoke', '--backend', backend, '--out', out, '--no-progress'])
  records = new Map()
  if (existsSync(out)) {
    for (const file of readdirSync(out).filter((f) => f.endsWith('.json'))) {
      const record = (await Bun.file(join(out, file)).json()) as RunRecord
      records.set(record.scenario, record)
    }
  }
})

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('bun run bench all --smoke', () => {
  it('exits 0 after running every scenario', () => {
    if (run.code !== 0) throw new Error(`bench failed (${run.code}):\n${run.stderr.slice(-4000)}`)
    expect([...records.keys()].sort()).toEqual(['embedded', 'overhead', 'pool', 'slow-query', 'sql-guard'])
  })

  it('records the environment of each run: database and pgvector versions, backend, CPUs, git commit', () => {
    for (const record of records.values()) {
      expect(record.schemaVersion).toBe(1)
      expect(record.environment.machine.cpus).toBeGreaterThan(0)
      expect(record.environment.database?.postgres).toMatch(/PostgreSQL \d+/)
      expect(record.environment.database?.pgvector).toMatch(/^\d+\.\d+/)
      expect(record.environment.database?.backend).toMatch(/^(local|container|url)$/)
      expect(record.environment.database?.settings).toHaveProperty('max_connections')
      expect(record.environment.git).toHaveProperty('commit')
      expect(record.datasets.length).toBeGreaterThan(0)
    }
  })

  it('writes a Markdown report whose plots exist as SVG files', async () => {
    for (const record of records.values()) {
      const base = readdirSync(out).find((f) => f.startsWith(`${record.scenario}-`) && f.endsWith('.md'))
      expect(base).toBeDefined()
      const markdown = await Bun.file(join(out, base!)).text()
      expect(markdown).toContain('## Environment')
      for (const plot of record.plots) {
        expect(markdown).toContain(`](${plot.file})`)
        expect((await Bun.file(join(out, plot.file)).text()).trimStart()).toStartWith('<svg')
      }
    }
  })

  it('gives the pool size and the slow-query threshold as configuration lines', () => {
    const pool = records.get('pool')!
    expect(pool.plots.map((p) => p.name)).toEqual(expect.arrayContaining(['throughput', 'p99']))
    const poolLine = pool.recommendations.find((r) => r.setting === 'pool size')?.configLine
    if (poolLine !== undefined) expect(poolLine).toMatch(/^POOL_MAX=\d+$/)
    const slow = records.get('slow-query')!
    expect(slow.plots.map((p) => p.name)).toEqual(
      expect.arrayContaining(['noise-recall', 'latency-histogram']),
    )
    const slowLine = slow.recommendations.find((r) => r.setting === 'slow-query threshold')?.configLine
    if (slowLine !== undefined) expect(slowLine).toMatch(/^SLOW_QUERY_MS=\d+$/)
    expect(run.stdout).toContain('Recommended pool size')
  })

  it('compares two result files without a database', async () => {
    const file = readdirSync(out).find((f) => f.startsWith('pool-') && f.endsWith('.json'))!
    const compared = await bench(['compare', join(out, file), join(out, file)])
    expect(compared.code).toBe(0)
    expect(compared.stdout).toContain('Same environment')
  })
})
