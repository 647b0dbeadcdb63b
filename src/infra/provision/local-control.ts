import { readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import pg from 'pg'
import { ProvisionError } from './errors.ts'
import type { ProvisionedDatabase } from './types.ts'

/** Stops and starts a `local` backend cluster in place, for fault tests (same data, same port). */
export interface LocalClusterControl {
  /** `pg_ctl stop -m <mode>`; `immediate` is a crash (no checkpoint; recovery on the next start). */
  stop(mode?: 'immediate' | 'fast'): Promise<void>
  /** Starts the cluster again with the options it had; resolves once it accepts connections. */
  start(): Promise<void>
}

/**
 * Control of a cluster from `provisionDatabase({ backend: 'local' })`, found from the cluster itself:
 * its data directory (`SHOW data_directory`, superuser) and the command line it was started with
 * (`postmaster.opts`). Runs pg_ctl as the directory's owner when this process is root.
 */
export async function localClusterControl(db: ProvisionedDatabase): Promise<LocalClusterControl> {
  if (db.backend !== 'local')
    throw new ProvisionError(`cluster control needs the local backend, not ${db.backend}`, '')
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  let dataDir: string
  try {
    dataDir = (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory
  } finally {
    await client.end()
  }
  // e.g. /usr/lib/postgresql/15/bin/postgres "-D" "/tmp/zava-pg-x/data" "-p" "41069" "-k" "/tmp/zava-pg-x" ...
  const opts = readFileSync(join(dataDir, 'postmaster.opts'), 'utf8').trim()
  const tokens = [...opts.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!)
  const binDir = dirname(tokens[0]!)
  const serverOptions: string[] = []
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i] === '-D') i++
    else serverOptions.push(tokens[i]!.includes(' ') ? `'${tokens[i]}'` : tokens[i]!)
  }
  const owner = statSync(dataDir)
  const asOwner =
    process.getuid?.() === 0 && owner.uid !== 0
      ? ['setpriv', `--reuid=${owner.uid}`, `--regid=${owner.gid}`, '--clear-groups', '--']
      : []
  const pgCtl = (...args: string[]) => run([...asOwner, join(binDir, 'pg_ctl'), '-D', dataDir, ...args])
  return {
    async stop(mode = 'immediate') {
      await pgCtl('stop', '-m', mode, '-w', '-t', '30')
    },
    async start() {
      await pgCtl(
        'start',
        '-l',
        join(dirname(dataDir), 'postgres.log'),
        '-o',
        serverOptions.join(' '),
        '-w',
        '-t',
        '30',
      )
    },
  }
}

async function run(cmd: string[]): Promise<void> {
  const proc = Bun.spawn({
    cmd,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' },
  })
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ])
  if (code !== 0) throw new ProvisionError(`${cmd.join(' ')} failed (${code}): ${stdout}${stderr}`.trim(), '')
}
