import { describe, expect, it } from 'bun:test'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import pino from 'pino'
import type { Caller } from '../../../src/data/with-tenant.ts'
import type { Services } from '../../../src/protocol/deps.ts'
import { createServer } from '../../../src/protocol/server.ts'
import { ERROR_META_KEY, type ToolErrorPayload } from '../../../src/protocol/tool-errors.ts'
import type {
  ProductSearchArgs,
  ProductSearchResult,
  ProductSearchService,
} from '../../../src/service/product-search.ts'

const caller: Caller = { rlsUserId: 'u', displayName: 'Demo', kind: 'store_manager', storeIds: ['s1'] }

/** A search service that records its arguments and answers with one product. */
function fakeSearch() {
  const calls: ProductSearchArgs[] = []
  const search = {
    model: 'use-lite-512',
    async search(_caller: Caller, args: ProductSearchArgs): Promise<ProductSearchResult> {
      calls.push(args)
      return {
        query: args.query,
        results: [
          {
            product_id: 'p1',
            name: 'Aquaflow Tap Washer Kit, Assorted',
            brand: 'Aquaflow',
            category: 'Plumbing',
            product_type: 'Tap Washers & Repair Kits',
            price: 4.99,
            similarity: 0.61,
            text_rank: 0.4,
            matched_by: 'both',
            score: 0.0328,
          },
        ],
        vector_status: 'ready',
        model: 'use-lite-512',
        note: null,
      }
    },
  }
  return { calls, search: search as unknown as ProductSearchService }
}

async function connect(services: Partial<Services>) {
  const server = createServer({
    services: services as Services,
    resolveCaller: async () => caller,
    log: pino({ level: 'silent' }),
  })
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
  await server.connect(serverSide)
  const client = new Client({ name: 'unit', version: '1' })
  await client.connect(clientSide)
  return client
}

describe('semantic_search_products', () => {
  it('is not offered without an embedder (EMBEDDINGS_PROVIDER=none)', async () => {
    const client = await connect({})
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('semantic_search_products')
  })

  it('is offered with an embedder, read-only, with a reviewed schema', async () => {
    const client = await connect({ search: fakeSearch().search })
    const tool = (await client.listTools()).tools.find((t) => t.name === 'semantic_search_products')
    expect(tool?.annotations?.readOnlyHint).toBe(true)
    expect({ inputSchema: tool?.inputSchema, outputSchema: tool?.outputSchema }).toMatchSnapshot()
  })

  it('passes defaults and filters to the service and returns structured results with fenced text', async () => {
    const { calls, search } = fakeSearch()
    const client = await connect({ search })
    const result = (await client.callTool({
      name: 'semantic_search_products',
      arguments: {
        query_description: '  something to stop a dripping tap ',
        category: 'Plumbing',
        max_price: 20,
      },
    })) as CallToolResult
    expect(result.isError).toBeFalsy()
    expect(calls).toEqual([
      {
        query: 'something to stop a dripping tap',
        maxRows: 10,
        minSimilarity: 0.3,
        category: 'Plumbing',
        minPrice: undefined,
        maxPrice: 20,
        inStockOnly: false,
      },
    ])
    expect(result.structuredContent).toMatchObject({
      vector_status: 'ready',
      results: [{ matched_by: 'both' }],
    })
    const text = (result.content[0] as { text: string }).text
    expect(text).toContain('<<<ROWS')
    expect(text).toContain('"Aquaflow Tap Washer Kit, Assorted"')
  })

  it('gives VALIDATION_ERROR for max_rows above 50 or a similarity above 1', async () => {
    const client = await connect({ search: fakeSearch().search })
    for (const bad of [{ max_rows: 51 }, { min_similarity: 1.5 }, { query_description: '' }]) {
      const result = (await client.callTool({
        name: 'semantic_search_products',
        arguments: { query_description: 'drill', ...bad },
      })) as CallToolResult
      expect(result.isError).toBe(true)
      expect((result._meta![ERROR_META_KEY] as ToolErrorPayload).code).toBe('VALIDATION_ERROR')
    }
  })
})
