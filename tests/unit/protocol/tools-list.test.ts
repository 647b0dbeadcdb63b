import { describe, expect, it } from 'bun:test'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import pino from 'pino'
import type { Services } from '../../../src/protocol/deps.ts'
import { createServer } from '../../../src/protocol/server.ts'

/** The server without a database: enough to list what it offers. */
async function connect() {
  const server = createServer({
    services: {} as Services,
    resolveCaller: async () => {
      throw new Error('no caller in this test')
    },
    log: pino({ level: 'silent' }),
  })
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
  await server.connect(serverSide)
  const client = new Client({ name: 'unit', version: '1' })
  await client.connect(clientSide)
  return client
}

describe('tools/list', () => {
  it('matches the reviewed snapshot (a schema change is a reviewed diff)', async () => {
    const client = await connect()
    const { tools } = await client.listTools()
    expect(tools).toMatchSnapshot()
  })

  it('marks every tool read-only', async () => {
    const client = await connect()
    const { tools } = await client.listTools()
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true)
  })

  it('answers a failure to identify the caller with a typed internal error, not a crash', async () => {
    const client = await connect()
    const result = await client.callTool({ name: 'get_current_utc_date', arguments: {} })
    expect(result.isError).toBe(true)
    expect(JSON.stringify(result.content)).toContain('INTERNAL_ERROR')
  })
})
