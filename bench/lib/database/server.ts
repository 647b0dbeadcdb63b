import { readdirSync, readFileSync } from 'node:fs'
import { probeBackend, provisionDatabase } from '../../../src/infra/provision/index.ts'
import { redact } from '../../../src/infra/provision/url.ts'
import { ClusterBusyError, startPersistentCluster } from './local-cluster.ts'

export const serverBackends = ['local', 'container', 'url'] as const
export type ServerBackend = (typeof serverBackends)[number]

/** A PostgreSQL server the bench may create databases on. */
export interface BenchServer {
  backend: ServerBackend
  /** A login allowed to CREATE DATABASE, on a maintenance database. */
  adminUrl: string
  description: string
  /** Datasets seeded on it survive this run (local cache, a url server) */
  persistent: boolean
  /** The server runs on this machine: its CPU shows in /proc. */
  sameMachine: boolean
  /** The postmaster's pid when known: its backends' CPU can be told from everything else. */
  postmasterPid?: number
  stop(): Promise<void>
}

export interface ServerOptions {
  backend: ServerBackend | 'auto'
  cacheDir: string
  env: Record<string, string | undefined>
  log: (line: string) => void
}

const urlVariables = ['ZAVA_BENCH_DATABASE_URL', 'DATABASE_URL', 'ZAVA_TEST_DATABASE_URL'] as const

/**
 * The server for a run: `url` uses an existing server (its URL from ZAVA_BENCH_DATABASE_URL, DATABASE_URL
 * or ZAVA_TEST_DATABASE_URL); `local` a persistent cluster in the cache directory (a throwaway one from
 * the provisioning module when that cluster is busy); `container` a fresh container from the provisioning
 * module. `auto`: url when a URL is set, else local, else container.
 */
export async function startServer(opts: ServerOptions): Promise<BenchServer> {
  const backend = opts.backend === 'auto' ? await chooseBackend(opts.env) : opts.backend
  if (backend === 'url') return urlServer(opts.env)
  if (backend === 'local') {
    try {
      const cluster = await startPersistentCluster(opts.cacheDir, opts.env, opts.log)
      return {
        backend,
        adminUrl: cluster.url,
        description: cluster.description,
        persistent: true,
        sameMachine: true,
        postmasterPid: cluster.postmasterPid,
        stop: cluster.stop,
      }
    } catch (err) {
      if (!(err instanceof ClusterBusyError)) throw err
      opts.log(`${err.message}: using a throwaway local cluster (seeded from scratch)`)
    }
  }
  const provisioned = await provisionDatabase({ backend, env: opts.env, log: opts.log })
  const port = Number(new URL(provisioned.url).port)
  return {
    backend,
    adminUrl: provisioned.url,
    description: provisioned.description,
    persistent: false,
    sameMachine: isLoopback(provisioned.url),
    postmasterPid: backend === 'local' ? findPostmaster(port) : undefined,
    stop: provisioned.stop,
  }
}

async function chooseBackend(env: Record<string, string | undefined>): Promise<ServerBackend> {
  if (urlVariables.some((name) => env[name])) return 'url'
  if ((await probeBackend('local', { env })).ok) return 'local'
  return 'container'
}

function urlServer(env: Record<string, string | undefined>): BenchServer {
  const variable = urlVariables.find((name) => env[name])
  if (!variable) {
    throw new Error(`--backend url needs ${urlVariables.join(' or ')} (a login allowed to CREATE DATABASE)`)
  }
  const adminUrl = env[variable]!
  return {
    backend: 'url',
    adminUrl,
    description: `url ${redact(adminUrl)} (from ${variable})`,
    persistent: true,
    sameMachine: isLoopback(adminUrl),
    stop: async () => {},
  }
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}

/** The pid of a postmaster started with `-p <port>` on this machine, scanning /proc. */
function findPostmaster(port: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
      if (cmdline[0]?.endsWith('postgres') && cmdline.join(' ').includes(`-p ${port}`)) return Number(entry)
    } catch {
      // the process ended while we looked
    }
  }
  return undefined
}
