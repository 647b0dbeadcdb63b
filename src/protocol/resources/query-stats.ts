import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js'
import { ZavaError } from '../../errors.ts'
import type { ServerDeps } from '../deps.ts'

export const QUERY_STATS_URI = 'stats://zava/queries'

/**
 * Per-query statistics of this server process (count, p50, p95, max, slow count), for head office
 * only: timings and counts of every tenant's queries are operational data about all stores.
 * Assistant SQL appears as a hash, never as text.
 */
export function registerQueryStatsResource(server: McpServer, deps: ServerDeps): void {
  const stats = deps.queryStats
  if (!stats) return
  server.registerResource(
    'query-stats',
    QUERY_STATS_URI,
    {
      title: 'Query statistics',
      description:
        'Per-query statistics of this server since it started: count, p50/p95/max duration, errors and slow ' +
        'queries (over SLOW_QUERY_MS). Head office only.',
      mimeType: 'application/json',
    },
    async (uri, extra) => {
      try {
        const caller = await deps.resolveCaller(extra)
        if (caller.kind !== 'head_office') {
          throw new McpError(
            ErrorCode.InvalidParams,
            'AUTHORIZATION_ERROR: query statistics are for head office only.',
          )
        }
        return {
          contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(stats(), null, 2) }],
        }
      } catch (err) {
        if (err instanceof McpError) throw err
        if (err instanceof ZavaError)
          throw new McpError(ErrorCode.InvalidParams, `${err.code}: ${err.message}`)
        deps.log.error({ err, uri: uri.href }, 'resource read failed')
        throw new McpError(ErrorCode.InternalError, 'The server failed to read this resource.')
      }
    },
  )
}
