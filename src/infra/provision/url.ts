import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { errorMessage, ProvisionError } from './errors.ts'
import { onExitCleanup } from './exit-guard.ts'
import type { Backend, ProvisionContext, ProvisionedDatabase } from './types.ts'
import { vectorProblem } from './vector-check.ts'

const urlVariables = ['ZAVA_TEST_DATABASE_URL', 'DATABASE_URL'] as const

export const urlBackend: Backend = {
  kind: 'url',
  async probe(ctx) {
    const source = adminUrl(ctx.env)
    return source
      ? { ok: true, detail: `${source.variable} is set (${redact(source.url)})` }
      : {
          ok: false,
          missing: `neither ${urlVariables.join(' nor ')} is set`,
          hint: 'set one to postgres://…',
        }
  },
  async start(ctx) {
    const source = adminUrl(ctx.env)
    if (!source) {
      throw new ProvisionError(
        `url: neither ${urlVariables.join(' nor ')} is set`,
        'set ZAVA_TEST_DATABASE_URL=postgres://user:password@host:5432/postgres (a role allowed to CREATE DATABASE)',
      )
    }
    return createIsolatedDatabase(source.url, source.variable, ctx)
  },
}

function adminUrl(env: ProvisionContext['env']) {
  for (const variable of urlVariables) {
    const url = env[variable]
    if (url) return { variable, url }
  }
  return undefined
}

async function createIsolatedDatabase(
  admin: string,
  variable: string,
  ctx: ProvisionContext,
): Promise<ProvisionedDatabase> {
  const name = `zava_${randomBytes(6).toString('hex')}`
  const server = redact(admin)
  ctx.log(`url: creating database ${name} on ${server}`)
  try {
    await onAdmin(admin, `CREATE DATABASE ${name}`)
  } catch (err) {
    throw new ProvisionError(
      `url: could not create a database on ${server} (from ${variable}): ${errorMessage(err)}`,
      `check that the server is up and ${variable} names a role with CREATEDB`,
      { cause: err },
    )
  }

  const target = new URL(admin)
  target.pathname = `/${name}`
  const url = target.toString()
  const drop = () => onAdmin(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  const unguard = onExitCleanup(() => dropWithPsql(admin, name))

  const problem = await vectorProblem(url)
  if (problem) {
    unguard()
    await drop().catch(() => {})
    throw new ProvisionError(
      `url: CREATE EXTENSION vector fails on ${server}: ${problem}`,
      'install pgvector on that server (https://github.com/pgvector/pgvector#installation) and connect as a role allowed to create it',
    )
  }

  let stopping: Promise<void> | undefined
  return {
    backend: 'url',
    url,
    description: `url ${server}, database ${name}`,
    stop() {
      stopping ??= (async () => {
        unguard()
        await drop()
      })()
      return stopping
    },
  }
}

async function onAdmin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  try {
    await client.connect()
    await client.query(sql)
  } finally {
    await client.end().catch(() => {})
  }
}

/** Exit handlers must be synchronous: drop through psql when it is installed, else leave it. */
function dropWithPsql(admin: string, name: string): void {
  const psql = Bun.which('psql')
  if (!psql) return
  Bun.spawnSync({
    cmd: [psql, admin, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`],
    stdout: 'ignore',
    stderr: 'ignore',
    timeout: 5_000,
  })
}

/** host:port/database without credentials, for logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`
  } catch {
    return '(unparsable URL)'
  }
}
