import { describe, expect, it } from 'bun:test'
import { Writable } from 'node:stream'
import type { QueryEvent } from '../../../src/data/telemetry.ts'
import { createLogger } from '../../../src/infra/log.ts'
import { Metrics } from '../../../src/infra/metrics.ts'
import { QueryMonitor } from '../../../src/infra/query-monitor.ts'

function logged() {
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  return { log: createLogger('info', sink), lines }
}

const typed = (durationMs: number, ok = true): QueryEvent => ({
  name: 'GetStoreSalesSummary',
  kind: 'typed',
  durationMs,
  rows: 3,
  callerKind: 'store_manager',
  ok,
})

describe('query monitor', () => {
  it('keeps count, p50, p95, max and slow count per query', () => {
    const { log } = logged()
    const monitor = new QueryMonitor({ slowQueryMs: 90, explainSlow: false, log })
    for (let ms = 1; ms <= 100; ms++) monitor.onQuery(typed(ms, ms !== 50))
    const [stat] = monitor.snapshot().queries
    expect(stat).toMatchObject({
      query: 'GetStoreSalesSummary',
      count: 100,
      errors: 1,
      slow: 10,
      p50_ms: 50,
      p95_ms: 95,
      max_ms: 100,
    })
  })

  it('logs a slow query with its name, duration, tenant kind and rows, and counts it', async () => {
    const { log, lines } = logged()
    const metrics = new Metrics()
    const monitor = new QueryMonitor({ slowQueryMs: 10, explainSlow: false, log, metrics })
    monitor.onQuery(typed(5))
    monitor.onQuery(typed(25))
    const slow = lines.filter((l) => l.msg === 'slow query')
    expect(slow).toHaveLength(1)
    expect(slow[0]).toMatchObject({
      query: 'GetStoreSalesSummary',
      durationMs: 25,
      callerKind: 'store_manager',
      rows: 3,
    })
    expect(await metrics.text()).toContain('zava_db_slow_queries_total{query="GetStoreSalesSummary"} 1')
  })

  it('logs assistant SQL as a hash and a bounded prefix, and its plan at most once per interval', async () => {
    const { log, lines } = logged()
    const monitor = new QueryMonitor({ slowQueryMs: 1, explainSlow: true, explainIntervalMs: 60_000, log })
    let plans = 0
    const explain = async () => {
      plans++
      return 'Seq Scan on orders'
    }
    const assistant = (hash: string): QueryEvent => ({
      name: 'assistant_sql',
      kind: 'assistant',
      sqlHash: hash,
      sqlPrefix: 'SELECT count(*) FROM orders',
      durationMs: 50,
      rows: 1,
      callerKind: 'head_office',
      ok: true,
    })
    monitor.onQuery(assistant('aaaa'), explain)
    monitor.onQuery(assistant('aaaa'), explain)
    monitor.onQuery(assistant('bbbb'), explain)
    await Bun.sleep(10)
    expect(plans).toBe(1)
    expect(lines.find((l) => l.msg === 'slow query plan')).toMatchObject({
      sqlHash: 'aaaa',
      plan: 'Seq Scan on orders',
    })
    expect(
      monitor
        .snapshot()
        .queries.map((q) => q.query)
        .sort(),
    ).toEqual(['assistant_sql:aaaa', 'assistant_sql:bbbb'])
  })

  it('forgets the least recently run queries past its bound', () => {
    const { log } = logged()
    const monitor = new QueryMonitor({ slowQueryMs: 1_000, explainSlow: false, log, maxQueries: 10 })
    for (let i = 0; i < 50; i++)
      monitor.onQuery({ ...typed(1), name: 'unnamed', kind: 'unnamed', sqlHash: `h${i}` })
    expect(monitor.snapshot().queries).toHaveLength(10)
  })
})
