import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js'
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js'
import { ZavaError } from '../../errors.ts'
import { RETAIL_TABLES } from '../../service/table-schemas.ts'
import type { ServerDeps } from '../deps.ts'
import { ANALYTICS_GUIDE, ANALYTICS_GUIDE_URI } from './analytics-guide.ts'
import { registerQueryStatsResource } from './query-stats.ts'

/** Resources: the schema of each retail table, and the analytics guide. */
export function registerResources(server: McpServer, deps: ServerDeps): void {
  server.registerResource(
    'table-schema',
    new ResourceTemplate('schema://retail/{table}', {
      list: async () => ({
        resources: RETAIL_TABLES.map((table) => ({
          uri: `schema://retail/${table}`,
          name: `retail.${table}`,
          mimeType: 'application/json',
        })),
      }),
      complete: { table: (value) => RETAIL_TABLES.filter((t) => t.startsWith(value)) },
    }),
    {
      title: 'Retail table schema',
      description: 'Columns, keys, indexes and filter values of a retail table, as you may see it.',
      mimeType: 'application/json',
    },
    async (uri, variables, extra) => {
      try {
        const caller = await deps.resolveCaller(extra)
        const [schema] = await deps.services.schemas.describe(caller, [String(variables.table)])
        return {
          contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(schema, null, 2) }],
        }
      } catch (err) {
        if (err instanceof ZavaError)
          throw new McpError(ErrorCode.InvalidParams, `${err.code}: ${err.message} ${err.hint ?? ''}`)
        deps.log.error({ err, uri: uri.href }, 'resource read failed')
        throw new McpError(ErrorCode.InternalError, 'The server failed to read this resource.')
      }
    },
  )
  server.registerResource(
    'analytics-guide',
    ANALYTICS_GUIDE_URI,
    {
      title: 'Zava analytics guide',
      description: 'Which tables answer which questions, how money and dates are stored.',
      mimeType: 'text/markdown',
    },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: ANALYTICS_GUIDE }] }),
  )
  registerQueryStatsResource(server, deps)
}
