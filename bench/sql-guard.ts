/**
 * Cost of the SQL guard per query (parse + checks + statement text + fingerprint), for a small
 * query, the realistic analyst corpus and a ~20 KB query. Run: `bun bench/sql-guard.ts`.
 */
import { parseSync } from 'libpg-query'
import { bench, do_not_optimize, run, summary } from 'mitata'
import { guardSql, loadSqlGuard } from '../src/data/sql-guard/index.ts'
import { ANALYST_QUERIES } from '../tests/unit/data/sql-guard/support/analyst-queries.ts'

await loadSqlGuard()

const small = 'SELECT count(*) FROM retail.orders WHERE order_date >= current_date - 30'
const medium = ANALYST_QUERIES.map((query) => query.sql)
const parts: string[] = []
for (let i = 0; parts.join('\nUNION ALL\n').length < 20_000; i++) {
  const guarded = await guardSql(medium[i % medium.length] ?? '')
  parts.push(`(${guarded.sql})`)
}
const large = parts.join('\nUNION ALL\n')
await guardSql(large) // must be accepted, or the benchmark measures a refusal

const mediumLength = Math.round(medium.reduce((sum, sql) => sum + sql.length, 0) / medium.length)
const workloads = [
  ['small', small.length, () => small],
  ['medium', mediumLength, cycle(medium)],
  ['large', large.length, () => large],
] as const

function cycle(list: readonly string[]): () => string {
  let i = 0
  return () => list[i++ % list.length] ?? ''
}

for (const [name, , next] of workloads) {
  summary(() => {
    bench(`guardSql ${name}`, async () => do_not_optimize(await guardSql(next())))
    bench(`parse only ${name}`, () => do_not_optimize(parseSync(next())))
  })
}

const { benchmarks } = await run()
const stats = new Map(benchmarks.map((trial) => [trial.alias, trial.runs[0]?.stats]))
const ms = (ns: number | undefined) => (ns === undefined ? '?' : (ns / 1e6).toFixed(3))
console.log('\nSQL guard cost per query (ms):')
console.log('workload  chars    guard p50  guard p99  parse p50')
for (const [name, chars] of workloads) {
  const guard = stats.get(`guardSql ${name}`)
  const parse = stats.get(`parse only ${name}`)
  console.log(
    `${name.padEnd(8)}  ${String(chars).padStart(5)}  ${ms(guard?.p50).padStart(9)}  ${ms(guard?.p99).padStart(9)}  ${ms(parse?.p50).padStart(9)}`,
  )
}

// The same queries executed on a real database, so the guard's cost reads next to the query's own.
if (!process.argv.includes('--no-execute')) {
  const { executionLatency } = await import('./support/execution-latency.ts')
  const exec = await executionLatency(medium, { small: [small], large: [large] })
  console.log('\nGuard cost next to execution (ms, head office, scale 0.1, through the cursor):')
  console.log('workload  guard p50  guard p99   exec p50   exec p99')
  for (const [name] of workloads) {
    const guard = stats.get(`guardSql ${name}`)
    const e = exec[name]
    console.log(
      `${name.padEnd(8)}  ${ms(guard?.p50).padStart(9)}  ${ms(guard?.p99).padStart(9)}  ${(e?.p50.toFixed(3) ?? 'n/a').padStart(9)}  ${(e?.p99.toFixed(3) ?? 'n/a').padStart(9)}`,
    )
  }
}
