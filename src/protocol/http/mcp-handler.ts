import { randomUUID } from 'node:crypto'
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js'
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'
import type { Logger } from '../../infra/log.ts'
import { jsonRpcError } from './responses.ts'
import type { SessionStore } from './sessions.ts'

/** Serves one authenticated request to `/mcp`; `owner` is the identity sessions are bound to. */
export interface McpHandler {
  readonly stateless: boolean
  handle(request: Request, authInfo: AuthInfo, owner: string): Promise<Response>
  /** Ends every session (shutdown). */
  close(): Promise<void>
}

export interface McpHandlerOptions {
  /** Builds a fresh server: once per session, or once per request when stateless. */
  createServer: () => McpServer
  maxBodyBytes: number
  /** Interval of SSE keep-alive comments; below the connection idle timeout. */
  keepAliveMs: number
  log: Logger
}

/**
 * Stateful: a transport and its server per session. The initialize request creates them and the
 * session id; later requests must carry it and the same identity, or they are refused as if the
 * session did not exist (404), so a leaked session id is worth nothing to someone else.
 */
export function statefulHandler(options: McpHandlerOptions, sessions: SessionStore): McpHandler {
  const { log } = options
  return {
    stateless: false,
    async handle(request, authInfo, owner) {
      const sessionId = request.headers.get('mcp-session-id')
      if (sessionId) {
        const lookup = sessions.lookup(sessionId, owner)
        if ('found' in lookup) return lookup.found.transport.handleRequest(request, { authInfo })
        if ('foreign' in lookup)
          log.warn({ session: sessionId.slice(0, 8) }, 'session used by another identity: refused')
        return jsonRpcError(404, 'Session not found', {}, -32001)
      }
      if (request.method !== 'POST') {
        return jsonRpcError(400, 'Bad Request: Mcp-Session-Id header is required')
      }
      if (sessions.full) await sessions.sweep()
      if (sessions.full) {
        return jsonRpcError(503, 'Too many sessions: retry later.', { 'retry-after': '30' })
      }
      const server = options.createServer()
      const transport: WebStandardStreamableHTTPServerTransport =
        new WebStandardStreamableHTTPServerTransport({
          sessionIdGenerator: randomUUID,
          onsessioninitialized: (id) => {
            sessions.add({ id, owner, transport, server, lastSeenAt: Date.now() })
          },
          maxRequestBodySize: options.maxBodyBytes,
          keepAliveMs: options.keepAliveMs,
        })
      transport.onclose = () => sessions.delete(transport.sessionId)
      await server.connect(transport)
      try {
        const response = await transport.handleRequest(request, { authInfo })
        // Not an initialize request: the transport refused it, and there is no session to keep.
        if (transport.sessionId === undefined) await server.close()
        return response
      } catch (err) {
        await server.close()
        throw err
      }
    },
    close: () => sessions.closeAll(),
  }
}

/**
 * Stateless: no session ids, every POST stands alone, so any replica can serve any request.
 * SDK 1.x binds a transport and its server to one request, so both are built per request from
 * the pure `createServer` and closed once the (JSON) response is complete.
 */
export function statelessHandler(options: McpHandlerOptions): McpHandler {
  return {
    stateless: true,
    async handle(request, authInfo) {
      if (request.method !== 'POST') {
        return jsonRpcError(405, 'Method not allowed: this server is stateless (POST only).', {
          allow: 'POST',
        })
      }
      const server = options.createServer()
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
        maxRequestBodySize: options.maxBodyBytes,
      })
      await server.connect(transport)
      try {
        return await transport.handleRequest(request, { authInfo })
      } finally {
        await server.close()
      }
    },
    close: async () => {},
  }
}
