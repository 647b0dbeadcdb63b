import { afterAll, describe, expect, it, setDefaultTimeout } from 'bun:test'
import { join } from 'node:path'
import pg from 'pg'
import {
  type BackendKind,
  backendKinds,
  ProvisionError,
  type ProvisionedDatabase,
  probeBackend,
  provisionDatabase,
} from '../../../src/infra/provision/index.ts'
import { getTestDatabase } from '../../support/test-database.ts'

// Starting servers takes seconds; bunfig.toml's [test] timeout is not read by Bun (oven-sh/bun#7789).
setDefaultTimeout(120_000)

// On CI these must work, so their absence is a failure rather than a skip.
const requiredOnCi: readonly BackendKind[] = ['container', 'local', 'embedded']
const onCi = process.env.CI === 'true'

const probes = Object.fromEntries(
  await Promise.all(backendKinds.map(async (kind) => [kind, await probeBackend(kind)] as const)),
) as Record<BackendKind, Awaited<ReturnType<typeof probeBackend>>>

/** Why a backend cannot be tested here, or undefined. `url` can borrow a local cluster as its server. */
function unavailable(kind: BackendKind): string | undefined {
  const probe = probes[kind]
  if (probe.ok) return undefined
  if (kind === 'url' && probes.local.ok) return undefined
  return `${probe.missing} (${probe.hint})`
}

function gate(kind: BackendKind): { run: typeof it; reason?: string } {
  const reason = unavailable(kind)
  if (!reason || (onCi && requiredOnCi.includes(kind))) return { run: it, reason }
  process.stderr.write(`[zava-test] skipping ${kind} backend tests: ${reason}\n`)
  return { run: it.skip, reason }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

async function reachable(url: string): Promise<boolean> {
  try {
    await withClient(url, (client) => client.query('SELECT 1'))
    return true
  } catch {
    return false
  }
}

describe.each(backendKinds)('%s backend', (kind) => {
  const { run, reason } = gate(kind)
  let started: Promise<ProvisionedDatabase> | undefined
  let server: ProvisionedDatabase | undefined

  const database = () => {
    started ??= (async () => {
      if (reason) throw new Error(`${kind} backend is required on CI but unavailable: ${reason}`)
      if (kind === 'url' && !probes.url.ok) {
        server = await provisionDatabase({ backend: 'local' })
        return provisionDatabase({ backend: 'url', env: { ZAVA_TEST_DATABASE_URL: server.url } })
      }
      return provisionDatabase({ backend: kind })
    })()
    return started
  }

  afterAll(async () => {
    await (await started?.catch(() => undefined))?.stop()
    await server?.stop()
  })

  run('gives a database where CREATE EXTENSION vector reports its version', async () => {
    const db = await database()
    expect(db.backend).toBe(kind)
    expect(db.description).not.toContain('password')
    const version = await withClient(db.url, async (client) => {
      await client.query('CREATE EXTENSION IF NOT EXISTS vector')
      const { rows } = await client.query<{ extversion: string }>(
        "SELECT extversion FROM pg_extension WHERE extname = 'vector'",
      )
      return rows[0]?.extversion
    })
    expect(version).toMatch(/^\d+\.\d+\.\d+$/)
    if (kind === 'embedded') expect(db.pglite).toBeDefined()
  })

  run('orders rows by cosine distance with <=>', async () => {
    const db = await database()
    const ids = await withClient(db.url, async (client) => {
      await client.query('CREATE EXTENSION IF NOT EXISTS vector')
      await client.query('CREATE TABLE items (id int PRIMARY KEY, embedding vector(3))')
      await client.query(
        `INSERT INTO items VALUES (1, '[1,0,0]'), (2, '[0,1,0]'), (3, '[1,1,0]'), (4, '[0,0,1]')`,
      )
      const { rows } = await client.query<{ id: number; distance: number }>(
        `SELECT id, embedding <=> '[1,0.1,0]' AS distance FROM items ORDER BY distance`,
      )
      return rows
    })
    expect(ids.map((row) => row.id)).toEqual([1, 3, 2, 4])
    expect(ids[0]?.distance).toBeCloseTo(0.005, 3)
    expect(ids[3]?.distance).toBeCloseTo(1, 6)
  })

  run('stop() can be called repeatedly and leaves the database unreachable', async () => {
    const db = await database()
    await Promise.all([db.stop(), db.stop()])
    await db.stop()
    expect(await reachable(db.url)).toBe(false)
  })
})

describe.each(['local', 'container'] as const)('exit guard with the %s backend', (kind) => {
  const { run } = gate(kind)
  const fixture = join(import.meta.dir, 'fixtures', 'provision-then-die.ts')

  async function provisionInChild(mode: 'exit' | 'signal') {
    const child = Bun.spawn({
      cmd: [process.execPath, fixture, kind, mode],
      stdout: 'pipe',
      stderr: 'inherit',
    })
    const reader = child.stdout.getReader()
    let text = ''
    while (!text.includes('\n')) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    reader.releaseLock()
    const line = text.split('\n')[0] ?? ''
    if (!line) throw new Error(`the child did not provision a database (exit code ${await child.exited})`)
    return { child, url: (JSON.parse(line) as { url: string }).url }
  }

  run('removes the database when the process exits without stop()', async () => {
    const { child, url } = await provisionInChild('exit')
    expect(await child.exited).toBe(3)
    expect(await reachable(url)).toBe(false)
  })

  run('removes the database when the process is killed by SIGTERM', async () => {
    const { child, url } = await provisionInChild('signal')
    expect(await reachable(url)).toBe(true)
    child.kill('SIGTERM')
    await child.exited
    expect(child.signalCode).toBe('SIGTERM')
    expect(await reachable(url)).toBe(false)
  })
})

describe('backend selection', () => {
  it('fails fast with a ProvisionError naming Docker when DOCKER_HOST is unreachable', async () => {
    for (const dockerHost of ['unix:///nonexistent/docker.sock', 'tcp://127.0.0.1:1']) {
      const startedAt = performance.now()
      const error = await provisionDatabase({ backend: 'container', env: { DOCKER_HOST: dockerHost } }).catch(
        (err: unknown) => err,
      )
      expect(performance.now() - startedAt).toBeLessThan(10_000)
      expect(error).toBeInstanceOf(ProvisionError)
      expect((error as ProvisionError).message).toContain('Docker')
      expect((error as ProvisionError).message).toContain(dockerHost)
      expect((error as ProvisionError).hint).toContain('ZAVA_DB_BACKEND')
    }
  })

  it('rejects an unknown ZAVA_DB_BACKEND and lists the valid values', async () => {
    const error = await provisionDatabase({ env: { ZAVA_DB_BACKEND: 'postgres' } }).catch(
      (err: unknown) => err,
    )
    expect(error).toBeInstanceOf(ProvisionError)
    expect((error as ProvisionError).message).toContain('"postgres"')
    for (const kind of ['auto', ...backendKinds]) expect((error as ProvisionError).message).toContain(kind)
  })

  it('explains the missing URL variables when url is forced without one', async () => {
    const error = await provisionDatabase({ backend: 'url', env: {} }).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(ProvisionError)
    expect((error as ProvisionError).message).toContain('ZAVA_TEST_DATABASE_URL')
  })

  it('explains a ZAVA_PG_BIN without PostgreSQL binaries when local is forced', async () => {
    const error = await provisionDatabase({ backend: 'local', env: { ZAVA_PG_BIN: '/nonexistent' } }).catch(
      (err: unknown) => err,
    )
    expect(error).toBeInstanceOf(ProvisionError)
    expect((error as ProvisionError).message).toContain('ZAVA_PG_BIN=/nonexistent')
  })

  it('auto falls back to embedded and logs why url, container and local were skipped', async () => {
    const lines: string[] = []
    const db = await provisionDatabase({
      env: {
        ZAVA_PG_BIN: '/nonexistent',
        DOCKER_HOST: 'unix:///nonexistent/docker.sock',
        PATH: process.env.PATH,
      },
      log: (line) => lines.push(line),
    })
    try {
      expect(db.backend).toBe('embedded')
      for (const kind of ['url', 'container', 'local']) {
        expect(lines.some((line) => line.startsWith(`auto: skipping ${kind}:`))).toBe(true)
      }
    } finally {
      await db.stop()
    }
  })

  const parallelKind: BackendKind = probes.local.ok ? 'local' : 'embedded'
  it(`gives independent databases to concurrent callers (${parallelKind})`, async () => {
    const [a, b] = await Promise.all([
      provisionDatabase({ backend: parallelKind }),
      provisionDatabase({ backend: parallelKind }),
    ])
    try {
      expect(a.url).not.toBe(b.url)
      await withClient(a.url, (client) => client.query('CREATE TABLE only_in_a (id int)'))
      const { rows } = await withClient(b.url, (client) =>
        client.query("SELECT to_regclass('only_in_a') AS t"),
      )
      expect(rows[0].t).toBeNull()
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })
})

describe('shared test database', () => {
  it('hands every caller in the process the same live database', async () => {
    const [first, second] = await Promise.all([getTestDatabase(), getTestDatabase()])
    expect(second).toBe(first)
    expect(await reachable(first.url)).toBe(true)
    const requested = process.env.ZAVA_DB_BACKEND
    if (requested && requested !== 'auto') expect(first.backend).toBe(requested as BackendKind)
  })
})
