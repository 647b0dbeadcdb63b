import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'

export interface Session {
  readonly id: string
  /** The identity that created the session; only it may use the session. */
  readonly owner: string
  readonly transport: WebStandardStreamableHTTPServerTransport
  readonly server: McpServer
  lastSeenAt: number
}

export type SessionLookup = { found: Session } | { missing: true } | { foreign: Session }

/**
 * The live sessions of a stateful server, each bound to the identity that created it. Idle
 * sessions are ended by `sweep` (run on a timer); `closeAll` ends them at shutdown.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>()

  constructor(
    readonly maxSessions: number,
    readonly idleTimeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.#sessions.size
  }

  get full(): boolean {
    return this.#sessions.size >= this.maxSessions
  }

  add(session: Session): void {
    this.#sessions.set(session.id, session)
  }

  /** Finds a session for `owner`; another identity's session is reported apart, to be refused. */
  lookup(id: string, owner: string): SessionLookup {
    const session = this.#sessions.get(id)
    if (!session) return { missing: true }
    if (session.owner !== owner) return { foreign: session }
    session.lastSeenAt = this.now()
    return { found: session }
  }

  delete(id: string | undefined): void {
    if (id !== undefined) this.#sessions.delete(id)
  }

  /** Ends sessions idle for longer than the timeout; returns how many. */
  async sweep(): Promise<number> {
    const cutoff = this.now() - this.idleTimeoutMs
    const idle = [...this.#sessions.values()].filter((s) => s.lastSeenAt < cutoff)
    await Promise.allSettled(idle.map((s) => this.#end(s)))
    return idle.length
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.#sessions.values()].map((s) => this.#end(s)))
  }

  async #end(session: Session): Promise<void> {
    this.#sessions.delete(session.id)
    await session.server.close()
  }
}
