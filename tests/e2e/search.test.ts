import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { DEMO_USERS } from '../../src/data/seed/index.ts'
import { callError, callOk, connectStdio, ROOT, serverEnv } from '../support/mcp-client.ts'
import { type StandIn, startOpenAIStandIn } from '../support/openai-stand-in.ts'
import { adminQuery, getRetailDatabase, type RetailDatabase } from '../support/retail-database.ts'

interface SearchResult {
  results: { product_id: string; product_type: string; matched_by: string; similarity: number | null }[]
  vector_status: 'ready' | 'indexing' | 'unavailable'
  model: string
  note: string | null
}

const TOOL = 'semantic_search_products'
let rdb: RetailDatabase

/** Runs a `zava-mcp` command as an operator would: by default `embed` on the shared database's admin URL. */
async function cli(env: Record<string, string> = {}, args = ['embed']) {
  const run = Bun.spawn(['bun', join(ROOT, 'src', 'cli.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: rdb.adminUrl, ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [stderr, exitCode] = await Promise.all([new Response(run.stderr).text(), run.exited])
  return { stderr, exitCode }
}
const embedCommand = (env: Record<string, string> = {}) => cli(env)

beforeAll(async () => {
  rdb = await getRetailDatabase()
})

describe('zava-mcp embed', () => {
  it('embeds the catalogue with plain progress lines off a terminal, builds the index, and then has nothing to do', async () => {
    const first = await embedCommand()
    expect(first.exitCode).toBe(0)
    expect(first.stderr).toContain('use-lite-512 (512 dimensions)')
    expect(first.stderr).toMatch(/vector index pde_use_lite_512_\w+_512_hnsw32x128 is ready/)
    const [row] = await adminQuery<{ products: number }>(
      rdb.admin,
      'SELECT count(*)::int AS products FROM retail.products',
    )
    const products = row!.products
    const again = await embedCommand()
    expect(again.exitCode).toBe(0)
    expect(again.stderr).toContain(`Embedded 0 of ${products} products (${products} unchanged)`)
  })
})

describe('semantic_search_products over stdio as the demo store manager', () => {
  let client: Client
  let close: () => Promise<void>

  beforeAll(async () => {
    ;({ client, close } = await connectStdio(serverEnv(rdb, DEMO_USERS.storeManager.rlsUserId)))
  })
  afterAll(() => close())

  it('is listed, and finds tap repair kits for a dripping tap by meaning and words', async () => {
    expect((await client.listTools()).tools.map((t) => t.name)).toContain(TOOL)
    const result = await callOk<SearchResult>(client, TOOL, {
      query_description: 'something to stop a dripping tap',
    })
    expect(result.vector_status).toBe('ready')
    expect(result.model).toBe('use-lite-512')
    expect(result.results.slice(0, 3).map((r) => r.product_type)).toContain('Tap Washers & Repair Kits')
    expect(result.results.some((r) => r.matched_by === 'both')).toBe(true)
  })

  it('returns with in_stock_only only products in stock at its own store', async () => {
    const [manager] = await adminQuery<{ store_id: string }>(
      rdb.admin,
      'SELECT store_id::text FROM tenancy.store_managers WHERE rls_user_id = $1',
      [DEMO_USERS.storeManager.rlsUserId],
    )
    const oracle = new Set(
      (
        await adminQuery<{ id: string }>(
          rdb.admin,
          'SELECT product_id::text AS id FROM retail.inventory WHERE store_id = $1 AND quantity_on_hand > 0',
          [manager!.store_id],
        )
      ).map((r) => r.id),
    )
    const result = await callOk<SearchResult>(client, TOOL, {
      query_description: 'cordless power tools',
      in_stock_only: true,
      max_rows: 50,
      min_similarity: 0,
    })
    expect(result.results.length).toBeGreaterThan(0)
    for (const r of result.results) expect(oracle.has(r.product_id)).toBe(true)
  })

  it('gives VALIDATION_ERROR for bad arguments and an unknown category', async () => {
    expect((await callError(client, TOOL, { query_description: 'drill', max_rows: 0 })).code).toBe(
      'VALIDATION_ERROR',
    )
    const category = await callError(client, TOOL, { query_description: 'drill', category: 'Spaceships' })
    expect(category.code).toBe('VALIDATION_ERROR')
    expect(category.hint).toContain('Plumbing')
  })
})

describe('the configured model decides which vectors are searched', () => {
  let api: StandIn
  const openai = () => ({
    EMBEDDINGS_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: `${api.url}/v1`,
  })

  beforeAll(() => {
    api = startOpenAIStandIn({ apiKey: 'sk-test' })
  })
  afterAll(() => api.stop())

  it('is not offered with EMBEDDINGS_PROVIDER=none', async () => {
    const { client, close } = await connectStdio({
      ...serverEnv(rdb, DEMO_USERS.headOffice.rlsUserId),
      EMBEDDINGS_PROVIDER: 'none',
    })
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).not.toContain(TOOL)
    } finally {
      await close()
    }
  })

  it('embeds the embedded database when DATABASE_URL is unset', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zava-embed-'))
    try {
      const local = { DATABASE_URL: '', ZAVA_DATA_DIR: dataDir }
      expect((await cli(local, ['seed', '--scale', '0.01'])).exitCode).toBe(0)
      const embedded = await cli({ ...local, ...openai() })
      expect(embedded.exitCode).toBe(0)
      expect(embedded.stderr).toContain('the embedded database')
      expect(embedded.stderr).toMatch(/Embedded 300 of 300 products \(0 unchanged\)/)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('refuses vectors made by another model with EMBEDDING_MODEL_MISMATCH, then searches once re-embedded', async () => {
    const { client, close } = await connectStdio({
      ...serverEnv(rdb, DEMO_USERS.headOffice.rlsUserId),
      ...openai(),
    })
    try {
      const refused = await callError(client, TOOL, { query_description: 'cordless drill' })
      expect(refused.code).toBe('EMBEDDING_MODEL_MISMATCH')
      expect(refused.message).toContain('use-lite-512')
      expect(refused.hint).toContain('zava-mcp embed')

      const embedded = await embedCommand(openai())
      expect(embedded.exitCode).toBe(0)
      expect(embedded.stderr).toContain('openai:text-embedding-3-small (1536 dimensions)')
      const result = await callOk<SearchResult>(client, TOOL, { query_description: 'cordless drill' })
      expect(result.vector_status).toBe('ready')
      expect(result.model).toBe('openai:text-embedding-3-small')
    } finally {
      await close()
    }
  })
})

describe('the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zava-search-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('answers from full text while it embeds in the background, then by meaning too', async () => {
    const { client, close } = await connectStdio({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ZAVA_DATA_DIR: dataDir,
      ZAVA_SEED_SCALE: '0.01',
      LOG_LEVEL: 'warn',
    })
    try {
      const first = await callOk<SearchResult>(client, TOOL, { query_description: 'cordless drill' })
      expect(first.vector_status).toBe('indexing')
      expect(first.note).toContain('full-text matches only')
      expect(first.results.length).toBeGreaterThan(0)
      expect(first.results.every((r) => r.matched_by === 'text')).toBe(true)
      let later = first
      const deadline = Date.now() + 200_000 // ~20 s on an idle 2-core machine
      while (later.vector_status === 'indexing' && Date.now() < deadline) {
        await Bun.sleep(1000)
        later = await callOk<SearchResult>(client, TOOL, {
          query_description: 'something to stop a dripping tap',
        })
      }
      expect(later.vector_status).toBe('ready')
      expect(later.results.some((r) => r.similarity !== null)).toBe(true)
    } finally {
      await close()
    }
  }, 240_000)
})
