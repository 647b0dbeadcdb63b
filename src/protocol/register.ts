import { randomUUID } from 'node:crypto'
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { utcToday } from '../service/periods.ts'
import type { ToolContext, ToolDefinition } from './define-tool.ts'
import type { RequestExtra, ServerDeps } from './deps.ts'
import { observeToolCall } from './observe-call.ts'

/**
 * Registers one tool: resolves the caller, runs it, and turns its result into structured content
 * plus text, or its error into a typed tool error. Every call logs one line, is measured and traced
 * (`observeToolCall`).
 */
export function register(server: McpServer, tool: ToolDefinition, deps: ServerDeps): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      outputSchema: tool.output,
      annotations: tool.annotations,
    },
    async (args: unknown, extra: RequestExtra): Promise<CallToolResult> => {
      const requestId = randomUUID()
      return observeToolCall(deps, tool.name, requestId, async (call) => {
        const ctx = await toolContext(deps, extra, requestId, call.log)
        call.caller = ctx.caller
        const result = tool.output.parse(await tool.run(args as never, ctx))
        if (typeof result.row_count === 'number') call.resultRows = result.row_count
        return { structuredContent: result, content: [{ type: 'text', text: tool.render(result) }] }
      })
    },
  )
}

export async function toolContext(
  deps: ServerDeps,
  extra: RequestExtra,
  requestId: string,
  log: ToolContext['log'],
): Promise<ToolContext> {
  const now = deps.now?.() ?? new Date()
  const caller = await deps.resolveCaller(extra)
  return { caller, services: deps.services, now, today: utcToday(now), requestId, log }
}
