import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ProvisionError } from './errors.ts'
import { onExitCleanup } from './exit-guard.ts'
import { freePort } from './ports.ts'
import type { Availability, Backend, ProvisionContext, ProvisionedDatabase } from './types.ts'
import { vectorProblem } from './vector-check.ts'

const installHint =
  'install PostgreSQL server binaries (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@17) ' +
  'or set ZAVA_PG_BIN to the directory holding initdb and pg_ctl'
const pgvectorHint =
  'install pgvector for that PostgreSQL (apt-get install postgresql-<major>-pgvector where available, ' +
  'brew install pgvector, or build it from source: .ci/install-pgvector.sh), or point ZAVA_PG_BIN at a PostgreSQL that has it'
const startAttempts = 5

interface Installation {
  binDir: string
  source: string
  /** `share` directory when it could be determined without starting a server */
  shareDir?: string
  /** OS user to run the server as: PostgreSQL refuses to run as root */
  runAs?: { name: string; uid: number; gid: number }
}

type Found = { ok: true; install: Installation } | { ok: false; missing: string; hint: string }

export const localBackend: Backend = {
  kind: 'local',
  async probe(ctx) {
    const found = findInstallation(ctx.env)
    if (!found.ok) return found
    return vectorAvailability(found.install)
  },
  async start(ctx) {
    const found = findInstallation(ctx.env)
    if (!found.ok) throw new ProvisionError(`local: ${found.missing}`, found.hint)
    const availability = vectorAvailability(found.install)
    if (!availability.ok) throw new ProvisionError(`local: ${availability.missing}`, availability.hint)
    return startCluster(found.install, ctx)
  },
}

function findInstallation(env: Record<string, string | undefined>): Found {
  const path = env.PATH ?? '/usr/local/bin:/usr/bin:/bin'
  const hasServer = (dir: string) =>
    ['initdb', 'pg_ctl', 'postgres'].every((bin) => existsSync(join(dir, bin)))
  let found: { binDir: string; source: string } | undefined

  if (env.ZAVA_PG_BIN) {
    if (!hasServer(env.ZAVA_PG_BIN)) {
      return {
        ok: false,
        missing: `ZAVA_PG_BIN=${env.ZAVA_PG_BIN} does not contain initdb, pg_ctl and postgres`,
        hint: installHint,
      }
    }
    found = { binDir: env.ZAVA_PG_BIN, source: 'ZAVA_PG_BIN' }
  }
  if (!found) {
    const pgConfig = Bun.which('pg_config', { PATH: path })
    const binDir = pgConfig ? capture([pgConfig, '--bindir']) : undefined
    if (binDir && hasServer(binDir)) found = { binDir, source: 'pg_config --bindir' }
  }
  if (!found) {
    const initdb = Bun.which('initdb', { PATH: path })
    const binDir = initdb ? join(initdb, '..') : undefined
    if (binDir && hasServer(binDir)) found = { binDir, source: 'PATH' }
  }
  if (!found) {
    const binDir = debianBinDirs().find(hasServer)
    if (binDir) found = { binDir, source: '/usr/lib/postgresql' }
  }
  if (!found) {
    return {
      ok: false,
      missing: 'no PostgreSQL server binaries (initdb, pg_ctl, postgres) found',
      hint: installHint,
    }
  }

  const install: Installation = { ...found, shareDir: shareDirOf(found.binDir, path) }
  if (process.getuid?.() === 0) {
    const user = lookupUser('postgres')
    if (!user) {
      return {
        ok: false,
        missing: 'a non-root OS user to run PostgreSQL as (running as root and there is no "postgres" user)',
        hint: 'create one (useradd --system postgres) or run as a non-root user',
      }
    }
    if (!Bun.which('setpriv', { PATH: path })) {
      return { ok: false, missing: 'setpriv (needed to drop root privileges)', hint: 'install util-linux' }
    }
    install.runAs = user
  }
  return { ok: true, install }
}

function vectorAvailability(install: Installation): Availability {
  const detail = `PostgreSQL binaries in ${install.binDir} (from ${install.source})`
  if (!install.shareDir) return { ok: true, detail }
  const control = join(install.shareDir, 'extension', 'vector.control')
  if (existsSync(control)) return { ok: true, detail }
  return { ok: false, missing: `pgvector for ${install.binDir} (no ${control})`, hint: pgvectorHint }
}

/** Highest version first: /usr/lib/postgresql/17/bin before /usr/lib/postgresql/15/bin. */
function debianBinDirs(): string[] {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return []
  return readdirSync(root)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((name) => join(root, name, 'bin'))
}

function shareDirOf(binDir: string, path: string): string | undefined {
  const ownPgConfig = join(binDir, 'pg_config')
  if (existsSync(ownPgConfig)) return capture([ownPgConfig, '--sharedir'])
  const debian = /^\/usr\/lib\/postgresql\/([^/]+)\/bin\/?$/.exec(binDir)
  if (debian) return `/usr/share/postgresql/${debian[1]}`
  const pgConfig = Bun.which('pg_config', { PATH: path })
  if (pgConfig && capture([pgConfig, '--bindir']) === binDir) return capture([pgConfig, '--sharedir'])
  return undefined
}

function capture(cmd: string[]): string | undefined {
  const result = Bun.spawnSync({ cmd, stdout: 'pipe', stderr: 'ignore' })
  return result.success ? result.stdout.toString().trim() || undefined : undefined
}

function lookupUser(name: string): Installation['runAs'] {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`))
  const [, , uid, gid] = line?.split(':') ?? []
  return uid && gid ? { name, uid: Number(uid), gid: Number(gid) } : undefined
}

async function startCluster(install: Installation, ctx: ProvisionContext): Promise<ProvisionedDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'zava-pg-'))
  const dataDir = join(dir, 'data')
  const logFile = join(dir, 'postgres.log')

  const bin = (name: string) => join(install.binDir, name)
  const { runAs } = install
  if (runAs) chownSync(dir, runAs.uid, runAs.gid)
  const dropRoot = runAs
    ? ['setpriv', `--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, '--init-groups', '--']
    : []
  const asOwner = (cmd: string[]) => [...dropRoot, ...cmd]
  const env = { PATH: ctx.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LC_ALL: 'C' }
  const stopCmd = (mode: 'fast' | 'immediate') =>
    asOwner([bin('pg_ctl'), '-D', dataDir, 'stop', '-m', mode, '-w', '-t', '10'])

  const cleanupSync = () => {
    if (existsSync(join(dataDir, 'postmaster.pid'))) Bun.spawnSync({ cmd: stopCmd('immediate'), env })
    rmSync(dir, { recursive: true, force: true })
  }
  const unguard = onExitCleanup(cleanupSync)
  const fail = (message: string, hint: string, output?: string): never => {
    unguard()
    cleanupSync()
    throw new ProvisionError(`local: ${message}${output ? `\n${tail(output)}` : ''}`, hint)
  }

  ctx.log(`local: initdb in ${dataDir} using ${install.binDir}`)
  const initdbArgs = ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']
  const init = await run(asOwner([bin('initdb'), ...initdbArgs]), env)
  if (init.code !== 0) fail('initdb failed', installHint, init.output)

  let port = 0
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    rmSync(logFile, { force: true })
    const options = `-p ${port} -k '${dir}' -c fsync=off -c listen_addresses=127.0.0.1`
    const started = await run(
      asOwner([bin('pg_ctl'), '-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '30', 'start']),
      env,
    )
    if (started.code === 0) break
    const serverLog = existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''
    // Another process may grab the port between freePort() and bind: pick a new one.
    if (attempt < startAttempts && /could not (bind|create listen)|already in use/i.test(serverLog)) {
      ctx.log(`local: port ${port} was taken, retrying`)
      continue
    }
    fail('pg_ctl start failed', installHint, `${started.output}\n${serverLog}`)
  }

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  const problem = await vectorProblem(url)
  if (problem) fail(`CREATE EXTENSION vector fails: ${problem}`, pgvectorHint)

  let stopping: Promise<void> | undefined
  return {
    backend: 'local',
    url,
    description: `local cluster from ${install.binDir} on 127.0.0.1:${port}`,
    stop() {
      stopping ??= (async () => {
        unguard()
        const fast = await run(stopCmd('fast'), env)
        if (fast.code !== 0) await run(stopCmd('immediate'), env)
        rmSync(dir, { recursive: true, force: true })
      })()
      return stopping
    },
  }
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

function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n')
}
