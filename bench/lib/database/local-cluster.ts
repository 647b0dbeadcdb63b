import { createHash } from 'node:crypto'
import {
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { onExitCleanup } from '../../../src/infra/provision/exit-guard.ts'
import { freePort } from '../../../src/infra/provision/ports.ts'

/** A PostgreSQL cluster whose data directory outlives the run, so seeded datasets are reused. */
export interface PersistentCluster {
  url: string
  dataDir: string
  binDir: string
  postmasterPid: number | undefined
  description: string
  stop(): Promise<void>
}

/** The cluster is in use by another live bench run: the caller falls back to a throwaway one. */
export class ClusterBusyError extends Error {}

interface RunAs {
  uid: number
  gid: number
}

/**
 * Starts (creating on first use) a cluster in `<cacheDir>/pg<major>`. As root the server runs as the
 * `postgres` user, which must be able to reach that directory; when it cannot (e.g. under /root, mode
 * 700) the cluster lives in /var/tmp/zava-mcp-bench-<hash of cacheDir> instead. One bench run at a
 * time: a lock file names the owning pid.
 */
export async function startPersistentCluster(
  cacheDir: string,
  env: Record<string, string | undefined>,
  log: (line: string) => void,
): Promise<PersistentCluster> {
  const binDir = findBinDir(env)
  if (!binDir) throw new Error('no PostgreSQL server binaries (set ZAVA_PG_BIN or install postgresql)')
  const major = /(\d+)/.exec(capture([join(binDir, 'postgres'), '--version']) ?? '')?.[1] ?? 'x'
  const runAs = process.getuid?.() === 0 ? postgresUser() : undefined
  const root = clusterRoot(cacheDir, runAs)
  const clusterDir = join(root, `pg${major}`)
  const dataDir = join(clusterDir, 'data')
  mkdirSync(clusterDir, { recursive: true, mode: 0o755 })
  if (runAs) chownSync(clusterDir, runAs.uid, runAs.gid)

  const releaseLock = takeLock(join(clusterDir, 'bench.lock'))
  const asOwner = (cmd: string[]) =>
    runAs ? ['setpriv', `--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, '--init-groups', '--', ...cmd] : cmd
  const procEnv = { PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LC_ALL: 'C' }
  const pgCtl = (args: string[]) => run(asOwner([join(binDir, 'pg_ctl'), '-D', dataDir, ...args]), procEnv)
  const stopSync = () => {
    Bun.spawnSync({
      cmd: asOwner([join(binDir, 'pg_ctl'), '-D', dataDir, 'stop', '-m', 'immediate']),
      env: procEnv,
    })
    releaseLock()
  }
  const unguard = onExitCleanup(stopSync)
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      log(`local cluster: initdb in ${dataDir}`)
      rmSync(dataDir, { recursive: true, force: true })
      const init = await run(
        asOwner([
          join(binDir, 'initdb'),
          '-D',
          dataDir,
          '-A',
          'trust',
          '-U',
          'postgres',
          '--no-sync',
          '-E',
          'UTF8',
          '--locale=C',
        ]),
        procEnv,
      )
      if (init.code !== 0) throw new Error(`initdb failed:\n${init.output}`)
    }
    // A run killed hard may leave its server up: stop it so this run owns a fresh postmaster.
    if ((await pgCtl(['status'])).code === 0) await pgCtl(['stop', '-m', 'fast', '-w'])
    let port = 0
    for (let attempt = 1; ; attempt++) {
      port = await freePort()
      const options = `-p ${port} -k '${clusterDir}' -c listen_addresses=127.0.0.1 -c fsync=off`
      const started = await pgCtl([
        '-l',
        join(clusterDir, 'postgres.log'),
        '-o',
        options,
        '-w',
        '-t',
        '60',
        'start',
      ])
      if (started.code === 0) break
      if (attempt >= 4)
        throw new Error(`pg_ctl start failed:\n${started.output}\n${tail(join(clusterDir, 'postgres.log'))}`)
    }
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    log(`local cluster: PostgreSQL ${major} on 127.0.0.1:${port} (data in ${dataDir})`)
    let stopping: Promise<void> | undefined
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      dataDir,
      binDir,
      postmasterPid: Number.isFinite(pid) ? pid : undefined,
      description: `persistent local cluster ${binDir} on 127.0.0.1:${port}, data in ${dataDir}`,
      stop() {
        stopping ??= (async () => {
          unguard()
          const fast = await pgCtl(['stop', '-m', 'fast', '-w', '-t', '30'])
          if (fast.code !== 0) await pgCtl(['stop', '-m', 'immediate'])
          releaseLock()
        })()
        return stopping
      },
    }
  } catch (err) {
    unguard()
    stopSync()
    throw err
  }
}

function findBinDir(env: Record<string, string | undefined>): string | undefined {
  const hasServer = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(dir, b)))
  if (env.ZAVA_PG_BIN) return hasServer(env.ZAVA_PG_BIN) ? env.ZAVA_PG_BIN : undefined
  const pgConfig = Bun.which('pg_config', { PATH: env.PATH ?? '' })
  const fromConfig = pgConfig ? capture([pgConfig, '--bindir']) : undefined
  if (fromConfig && hasServer(fromConfig)) return fromConfig
  const debian = '/usr/lib/postgresql'
  if (!existsSync(debian)) return undefined
  return readdirSync(debian)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((name) => join(debian, name, 'bin'))
    .find(hasServer)
}

function postgresUser(): RunAs {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'))
  const [, , uid, gid] = line?.split(':') ?? []
  if (!uid || !gid) throw new Error('running as root and there is no "postgres" user to run the server as')
  return { uid: Number(uid), gid: Number(gid) }
}

/** `cacheDir` when the server's user can traverse every ancestor, else a stable spot in /var/tmp. */
function clusterRoot(cacheDir: string, runAs: RunAs | undefined): string {
  if (!runAs) return cacheDir
  mkdirSync(cacheDir, { recursive: true })
  for (let dir = cacheDir; ; dir = dirname(dir)) {
    const stat = statSync(dir)
    const traversable = stat.uid === runAs.uid || (stat.mode & 0o001) !== 0
    if (!traversable) {
      const hash = createHash('sha256').update(cacheDir).digest('hex').slice(0, 8)
      const fallback = `/var/tmp/zava-mcp-bench-${hash}`
      mkdirSync(fallback, { recursive: true, mode: 0o755 })
      return fallback
    }
    if (dir === dirname(dir)) return cacheDir
  }
}

function takeLock(path: string): () => void {
  if (existsSync(path)) {
    const holder = Number(readFileSync(path, 'utf8'))
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new ClusterBusyError(`the bench cluster is in use by pid ${holder}`)
    }
  }
  writeFileSync(path, String(process.pid))
  let released = false
  return () => {
    if (released) return
    released = true
    if (existsSync(path) && Number(readFileSync(path, 'utf8')) === process.pid) rmSync(path, { force: true })
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM'
  }
}

function capture(cmd: string[]): string | undefined {
  const result = Bun.spawnSync({ cmd, stdout: 'pipe', stderr: 'ignore' })
  return result.success ? result.stdout.toString().trim() || undefined : undefined
}

async function run(cmd: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  const proc = Bun.spawn({ cmd, env, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' })
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ])
  return { code, output: `${stdout}${stderr}`.trim() }
}

function tail(path: string, lines = 15): string {
  return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').slice(-lines).join('\n') : ''
}
