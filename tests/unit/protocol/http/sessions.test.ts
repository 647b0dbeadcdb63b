import { describe, expect, it } from 'bun:test'
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'
import { type Session, SessionStore } from '../../../../src/protocol/http/sessions.ts'

function session(id: string, owner: string, closed: string[], lastSeenAt = 0): Session {
  return {
    id,
    owner,
    lastSeenAt,
    transport: {} as WebStandardStreamableHTTPServerTransport,
    server: { close: async () => void closed.push(id) } as unknown as McpServer,
  }
}

describe('the session store', () => {
  it("finds a session for its owner only, and tells another identity's attempt apart", () => {
    const store = new SessionStore(10, 1_000)
    store.add(session('s1', 'alice', []))
    expect('found' in store.lookup('s1', 'alice')).toBe(true)
    expect('foreign' in store.lookup('s1', 'mallory')).toBe(true)
    expect('missing' in store.lookup('s2', 'alice')).toBe(true)
  })

  it('ends sessions idle past the timeout, keeping those in use', async () => {
    let now = 0
    const closed: string[] = []
    const store = new SessionStore(10, 1_000, () => now)
    store.add(session('old', 'alice', closed, 0))
    store.add(session('busy', 'bob', closed, 0))
    now = 900
    store.lookup('busy', 'bob')
    now = 1_500
    expect(await store.sweep()).toBe(1)
    expect(closed).toEqual(['old'])
    expect(store.size).toBe(1)
  })

  it('reports when full and closes everything at shutdown', async () => {
    const closed: string[] = []
    const store = new SessionStore(2, 1_000)
    store.add(session('a', 'x', closed))
    expect(store.full).toBe(false)
    store.add(session('b', 'x', closed))
    expect(store.full).toBe(true)
    await store.closeAll()
    expect(closed.sort()).toEqual(['a', 'b'])
    expect(store.size).toBe(0)
  })
})
