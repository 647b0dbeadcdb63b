import { availableParallelism, cpus, release, totalmem } from 'node:os'
import pg from 'pg'
import pkg from '../../package.json' with { type: 'json' }
import type { BenchServer } from './database/server.ts'
import { backgroundLoad } from './load/samplers.ts'
import { benchConfig } from './stack/server-stack.ts'

/** What a run ran on, so two reports can be compared (see `bun run bench compare`). */
export interface Environment {
  startedAt: string
  git: { commit: string | null; dirty: boolean | null }
  runtime: { bun: string; app: string; platform: string }
  machine: { cpus: number; cpuModel: string; memoryGiB: number; kernel: string }
  /** Measured before the run, with the bench idle: how busy the machine was with other work */
  background: { busyCores: number; loadavg1: number }
  /** The server configuration the stack ran with (environment and defaults) */
  app: Record<string, string | number | boolean>
  database?: DatabaseEnvironment
}

/** Configuration keys that shape the measurements. */
const APP_KEYS = [
  'POOL_MIN',
  'POOL_ACQUIRE_TIMEOUT_MS',
  'DB_WORK_MEM',
  'DB_JIT',
  'STATEMENT_TIMEOUT_MS',
  'QUERY_TIMEOUT_MS',
  'QUERY_MAX_ROWS',
  'DB_RETRY_MAX_ATTEMPTS',
  'CACHE_TTL_MS',
  'SLOW_QUERY_MS',
] as const

export interface DatabaseEnvironment {
  backend: string
  description: string
  sameMachine: boolean
  /** Cores of the database server: this machine's when it runs here, else --db-cores (or unknown) */
  serverCores: number | null
  postgres: string
  pgvector: string | null
  settings: Record<string, string>
}

const SETTINGS = [
  'max_connections',
  'shared_buffers',
  'work_mem',
  'effective_cache_size',
  'max_parallel_workers_per_gather',
  'max_worker_processes',
  'jit',
  'fsync',
  'synchronous_commit',
  'random_page_cost',
  'effective_io_concurrency',
]

export async function machineEnvironment(): Promise<Environment> {
  const background = await backgroundLoad(1500)
  return {
    startedAt: new Date().toISOString(),
    git: gitState(),
    runtime: {
      bun: Bun.version,
      app: `${pkg.name} ${pkg.version}`,
      platform: `${process.platform}-${process.arch}`,
    },
    machine: {
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      kernel: release(),
    },
    background: { busyCores: background.busyCores, loadavg1: background.loadavg1 },
    app: appSettings(),
  }
}

function appSettings(): Environment['app'] {
  const config = benchConfig() as unknown as Record<string, string | number | boolean>
  return Object.fromEntries(APP_KEYS.map((key) => [key, config[key] ?? '']))
}

/** Versions and the settings that matter for these scenarios, read from a dataset's database. */
export async function databaseEnvironment(
  server: BenchServer,
  databaseUrl: string,
  dbCores: number | undefined,
): Promise<DatabaseEnvironment> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const version = (await client.query('SELECT version() AS v')).rows[0].v as string
    const vector = (await client.query("SELECT extversion FROM pg_extension WHERE extname = 'vector'"))
      .rows[0]
    const { rows } = await client.query(
      `SELECT name, setting || coalesce(' ' || unit, '') AS value FROM pg_settings WHERE name = ANY($1)`,
      [SETTINGS],
    )
    return {
      backend: server.backend,
      description: server.description,
      sameMachine: server.sameMachine,
      serverCores: dbCores ?? (server.sameMachine ? availableParallelism() : null),
      postgres: version.split(' on ')[0] ?? version,
      pgvector: (vector?.extversion as string | undefined) ?? null,
      settings: Object.fromEntries(rows.map((r: { name: string; value: string }) => [r.name, r.value])),
    }
  } finally {
    await client.end()
  }
}

function gitState(): Environment['git'] {
  const run = (args: string[]) => {
    const out = Bun.spawnSync({
      cmd: ['git', ...args],
      cwd: import.meta.dir,
      stdout: 'pipe',
      stderr: 'ignore',
    })
    return out.success ? out.stdout.toString().trim() : null
  }
  const commit = run(['rev-parse', 'HEAD'])
  const status = run(['status', '--porcelain'])
  return { commit, dirty: status === null ? null : status.length > 0 }
}

/** Rows for the report's environment table. */
export function environmentRows(env: Environment): [string, string][] {
  const db = env.database
  const rows: [string, string][] = [
    ['started', env.startedAt],
    [
      'git commit',
      `${env.git.commit?.slice(0, 12) ?? 'unknown'}${env.git.dirty ? ' (uncommitted changes)' : ''}`,
    ],
    ['runtime', `Bun ${env.runtime.bun}, ${env.runtime.app}, ${env.runtime.platform}`],
    [
      'machine',
      `${env.machine.cpus} CPUs (${env.machine.cpuModel}), ${env.machine.memoryGiB} GiB, Linux ${env.machine.kernel}`,
    ],
    [
      'background load before the run',
      `${env.background.busyCores} of ${env.machine.cpus} cores busy (load average ${env.background.loadavg1})`,
    ],
    [
      'application settings (per connection and call)',
      Object.entries(env.app ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
    ],
  ]
  if (db) {
    rows.push(
      ['database', `${db.postgres}, pgvector ${db.pgvector ?? 'not installed'}`],
      ['backend', `${db.backend}: ${db.description}`],
      [
        'database server cores',
        db.serverCores === null ? 'unknown (pass --db-cores)' : String(db.serverCores),
      ],
      [
        'server settings',
        Object.entries(db.settings)
          .map(([k, v]) => `${k}=${v}`)
          .join(', '),
      ],
    )
  }
  return rows
}
