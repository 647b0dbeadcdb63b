import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { type ServerBackend, serverBackends } from './database/server.ts'

export const USAGE = `Benchmarks of zava-mcp against a real PostgreSQL, with a report and plots.

Usage: bun run bench <scenario>[,<scenario>...] [options]
       bun run bench compare <a.json> <b.json>

Scenarios:
  pool        pool size × client concurrency grid: throughput, p99, pool waits -> POOL_MAX
  slow-query  normal vs pathological query latencies at several data scales -> SLOW_QUERY_MS
  overhead    one call through each layer: driver, withTenant, service, MCP in memory, MCP over stdio
  sql-guard   the SQL guard's cost per query (mitata), next to the database time of the same query
  embedded    the same workload on embedded PGlite and on server PostgreSQL
  all         every scenario above, in that order

Options:
  --backend auto|local|container|url  database server (auto: url if a URL is set, else local, else container)
  --transport memory|http  how clients reach the server: in-memory MCP (default) or loopback HTTP (pool, slow-query)
  --workload NAME|PATH   bench/workloads/NAME.json or a file (default: default)
  --quick                shorter runs, fewer cells (each scenario under 3 minutes on 2 cores)
  --smoke                tiny data and runs, for CI: checks the pipeline, not the figures
  --scale N              data scale (1 ≈ 200k orders; pool default 1, embedded 0.05)
  --scales A,B,...       slow-query data scales (default 0.25,1,2; quick 0.25,1)
  --seed N               data seed (default 42)
  --pools A,B,...        pool sizes (default 1,2,4,8,16,32)
  --concurrency A,B,...  virtual users (pool: the grid; slow-query, embedded: the first value)
  --warmup S, --window S, --reps N   warm-up seconds, measurement window seconds, windows per cell
  --target-p99 MS        latency a pool size must meet (default: the workload's targets.p99Ms)
  --db-cores N           cores of the database server (default: this machine's when it runs here)
  --out DIR              where results go (default bench/results)
  --cache-dir DIR        dataset cache (default ~/.cache/zava-mcp/bench or ZAVA_BENCH_CACHE_DIR)
  --reseed               seed again even when a cached dataset matches
  --no-progress          no progress bar (also off without a TTY)

The URL for --backend url comes from ZAVA_BENCH_DATABASE_URL, DATABASE_URL or ZAVA_TEST_DATABASE_URL
(a login allowed to CREATE DATABASE). See docs/bench.md.`

export const SCENARIOS = ['pool', 'slow-query', 'overhead', 'sql-guard', 'embedded'] as const
export type ScenarioName = (typeof SCENARIOS)[number]
export type ProfileName = 'full' | 'quick' | 'smoke'

export interface BenchOptions {
  scenarios: ScenarioName[]
  backend: ServerBackend | 'auto'
  transport: 'memory' | 'http'
  profile: ProfileName
  workload: string
  seed: number
  scale?: number
  scales?: number[]
  pools?: number[]
  concurrency?: number[]
  warmupS?: number
  windowS?: number
  reps?: number
  targetP99Ms?: number
  dbCores?: number
  outDir: string
  cacheDir: string
  reseed: boolean
  progress: boolean
  /** compare: the two JSON files */
  compare?: [string, string]
  command: string
}

export function parseCli(argv: string[], env: Record<string, string | undefined>): BenchOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      backend: { type: 'string', default: env.ZAVA_BENCH_BACKEND ?? 'auto' },
      workload: { type: 'string', default: 'default' },
      transport: { type: 'string', default: 'memory' },
      quick: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
      scale: { type: 'string' },
      scales: { type: 'string' },
      seed: { type: 'string', default: '42' },
      pools: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      window: { type: 'string' },
      reps: { type: 'string' },
      'target-p99': { type: 'string' },
      'db-cores': { type: 'string' },
      out: { type: 'string', default: join(import.meta.dir, '..', 'results') },
      'cache-dir': {
        type: 'string',
        default: env.ZAVA_BENCH_CACHE_DIR ?? join(homedir(), '.cache', 'zava-mcp', 'bench'),
      },
      reseed: { type: 'boolean', default: false },
      'no-progress': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const [first, ...rest] = positionals
  if (values.help || !first) throw new UsageError(USAGE, values.help ? 0 : 2)
  const backend = values.backend!
  if (backend !== 'auto' && !(serverBackends as readonly string[]).includes(backend)) {
    throw new UsageError(`--backend ${backend}: expected auto, ${serverBackends.join(', ')}`)
  }
  if (values.transport !== 'memory' && values.transport !== 'http') {
    throw new UsageError(`--transport ${values.transport}: expected memory or http`)
  }
  const base = {
    backend: backend as BenchOptions['backend'],
    transport: values.transport as BenchOptions['transport'],
    profile: (values.smoke ? 'smoke' : values.quick ? 'quick' : 'full') as ProfileName,
    workload: values.workload!,
    seed: integer('seed', values.seed!),
    scale: optional(values.scale, (v) => positive('scale', v)),
    scales: optional(values.scales, (v) => list('scales', v, positive)),
    pools: optional(values.pools, (v) => list('pools', v, (n, s) => integer(n, s, 1))),
    concurrency: optional(values.concurrency, (v) => list('concurrency', v, (n, s) => integer(n, s, 1))),
    warmupS: optional(values.warmup, (v) => nonNegative('warmup', v)),
    windowS: optional(values.window, (v) => positive('window', v)),
    reps: optional(values.reps, (v) => integer('reps', v, 1)),
    targetP99Ms: optional(values['target-p99'], (v) => positive('target-p99', v)),
    dbCores: optional(values['db-cores'], (v) => integer('db-cores', v, 1)),
    outDir: values.out!,
    cacheDir: values['cache-dir']!,
    reseed: values.reseed!,
    progress: !values['no-progress'] && Boolean(process.stderr.isTTY),
    command: `bun run bench ${argv.join(' ')}`,
  }
  if (first === 'compare') {
    if (rest.length !== 2)
      throw new UsageError('compare needs two result files: bun run bench compare a.json b.json')
    return { ...base, scenarios: [], compare: [rest[0]!, rest[1]!] }
  }
  if (rest.length) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`)
  const names = first === 'all' ? [...SCENARIOS] : first.split(',')
  for (const name of names) {
    if (!(SCENARIOS as readonly string[]).includes(name)) {
      throw new UsageError(`unknown scenario '${name}': expected ${SCENARIOS.join(', ')}, all or compare`)
    }
  }
  return { ...base, scenarios: names as ScenarioName[] }
}

/** Bad command line: the message is for the user, the code for the shell. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message)
  }
}

/** A value from the command line when given, else from the profile. */
export function pick<T>(given: T | undefined, profile: ProfileName, defaults: Record<ProfileName, T>): T {
  return given ?? defaults[profile]
}

function optional<T>(value: string | undefined, parse: (v: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value)
}

function list<T>(name: string, value: string, parse: (name: string, v: string) => T): T[] {
  const items = value.split(',').filter(Boolean)
  if (items.length === 0) throw new UsageError(`--${name}: expected a comma-separated list`)
  return items.map((item) => parse(name, item))
}

function integer(name: string, value: string, min = 0): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} ${value}: expected an integer ≥ ${min}`)
  return n
}

function positive(name: string, value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} ${value}: expected a positive number`)
  return n
}

function nonNegative(name: string, value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} ${value}: expected a number ≥ 0`)
  return n
}
