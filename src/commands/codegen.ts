import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPostgresDb } from '../data/db.ts'
import { migrate } from '../data/migrations.ts'
import { provisionDatabase } from '../infra/provision/index.ts'

const ROOT = join(import.meta.dir, '..', '..')
const QUERIES = join(ROOT, 'queries')
const GENERATED = join(ROOT, 'generated')

/**
 * Regenerates `generated/` from `queries/` with pgtyped, against a fresh database that this
 * command provisions and migrates. With `check`, writes nowhere and fails when `generated/`
 * differs from what would be generated (CI's staleness check).
 */
export async function codegen(options: { check: boolean; log: (line: string) => void }): Promise<boolean> {
  const database = await provisionDatabase({ log: (line) => options.log(`[provision] ${line}`) })
  const work = await mkdtemp(join(tmpdir(), 'zava-codegen-'))
  try {
    const db = createPostgresDb(database.url, { max: 1 })
    try {
      await migrate(db)
    } finally {
      await db.close()
    }
    const out = join(work, 'generated')
    await mkdir(out)
    const config = {
      transforms: [{ mode: 'sql', include: '**/*.sql', emitTemplate: `${out}/{{name}}.queries.ts` }],
      srcDir: QUERIES,
      failOnError: true,
      camelCaseColumnNames: true,
      typesOverrides: { vector: 'string', int8: 'number', date: 'string' },
      db: dbConfig(database.url),
    }
    const configPath = join(work, 'pgtyped.config.json')
    await Bun.write(configPath, JSON.stringify(config))
    // Asynchronous: with the embedded backend, this process itself serves pgtyped's connections.
    const run = Bun.spawn(['bun', join(ROOT, 'node_modules', '.bin', 'pgtyped'), '-c', configPath], {
      stdout: 'pipe',
      stderr: 'pipe',
    })
    const [stdout, stderr, exitCode] = await Promise.all([
      new Response(run.stdout).text(),
      new Response(run.stderr).text(),
      run.exited,
    ])
    const output = `${stdout}${stderr}`
    // pgtyped exits 0 even when a query fails to compile: its output is the only signal.
    if (exitCode !== 0 || /\bErrors?:|Error:|error in query|Failed/i.test(output)) {
      options.log(output)
      throw new Error('pgtyped reported errors (see above).')
    }
    return await compareOrWrite(out, options)
  } finally {
    await rm(work, { recursive: true, force: true })
    await database.stop()
  }
}

/** pgtyped's own URL parsing fails under Bun; its config also takes the parts. */
function dbConfig(url: string) {
  const u = new URL(url)
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    dbName: u.pathname.slice(1),
  }
}

async function compareOrWrite(out: string, options: { check: boolean; log: (line: string) => void }) {
  const fresh = new Map<string, string>()
  for (const name of (await readdir(out)).sort()) fresh.set(name, await Bun.file(join(out, name)).text())
  const sources = (await readdir(QUERIES)).filter((name) => name.endsWith('.sql'))
  for (const source of sources) {
    if (!fresh.has(source.replace(/\.sql$/, '.queries.ts')))
      throw new Error(`pgtyped generated nothing for queries/${source}.`)
  }
  const current = new Map<string, string>()
  for (const name of (await readdir(GENERATED)).filter((n) => n.endsWith('.ts'))) {
    current.set(name, await Bun.file(join(GENERATED, name)).text())
  }
  const stale = [...new Set([...fresh.keys(), ...current.keys()])].filter(
    (name) => fresh.get(name) !== current.get(name),
  )
  if (options.check) {
    if (stale.length > 0) {
      options.log(`generated/ is stale: ${stale.join(', ')}. Run \`bun run codegen\` and commit the result.`)
      return false
    }
    options.log(`generated/ is up to date (${fresh.size} files).`)
    return true
  }
  for (const name of stale) {
    const text = fresh.get(name)
    if (text === undefined) await rm(join(GENERATED, name))
    else await Bun.write(join(GENERATED, name), text)
  }
  options.log(
    stale.length > 0
      ? `Updated ${stale.join(', ')}.`
      : `generated/ already up to date (${fresh.size} files).`,
  )
  return true
}
