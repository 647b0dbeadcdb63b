import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import pkg from '../../package.json' with { type: 'json' }
import type { ToolDefinition } from './define-tool.ts'
import type { ServerDeps } from './deps.ts'
import { registerPrompts } from './prompts/index.ts'
import { register } from './register.ts'
import { registerResources } from './resources/index.ts'
import { sdkToolError } from './tool-errors.ts'
import { executeSalesQuery } from './tools/execute-sales-query.ts'
import { getCurrentUtcDate } from './tools/get-current-utc-date.ts'
import { getMultipleTableSchemas } from './tools/get-multiple-table-schemas.ts'
import { getStorePerformance } from './tools/get-store-performance.ts'
import { semanticSearchProducts } from './tools/semantic-search-products.ts'

/** Every tool of the server, in the order clients list them. */
export const tools: ToolDefinition[] = [
  getMultipleTableSchemas,
  executeSalesQuery,
  getCurrentUtcDate,
  getStorePerformance,
  semanticSearchProducts,
] as ToolDefinition[]

export const SERVER_INSTRUCTIONS =
  'Zava Retail analytics: sales, products, customers and stock of the stores you may see (row level security). ' +
  'Read guide://zava/analytics, describe tables with get_multiple_table_schemas, then query with execute_sales_query ' +
  'or use get_store_performance. All tools are read-only.'

/** A pure factory: no environment, no I/O. stdio, HTTP and tests all build the server here. */
export function createServer(deps: ServerDeps): McpServer {
  const server = new McpServer(
    { name: 'zava-mcp', title: 'Zava Retail analytics', version: pkg.version },
    { instructions: SERVER_INSTRUCTIONS, capabilities: { logging: {} } },
  )
  for (const tool of tools) {
    if (tool.enabled?.(deps.services) ?? true) register(server, tool, deps)
  }
  registerResources(server, deps)
  registerPrompts(server)
  // The SDK turns bad arguments and unknown tools into plain-text tool errors before our handler
  // runs; this gives them the same typed shape (code, message, hint) as every other error.
  ;(server as unknown as { createToolError: (message: string) => CallToolResult }).createToolError = (
    message,
  ) => sdkToolError(message, crypto.randomUUID(), deps.log)
  return server
}
