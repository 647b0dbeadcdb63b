import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { ValidationError, ZavaError } from '../errors.ts'
import type { Logger } from '../infra/log.ts'

export interface ToolErrorPayload {
  code: string
  message: string
  hint: string | null
  request_id: string
  retryable: boolean
}

/**
 * The one place errors become MCP results: a ZavaError keeps its code, message and hint; anything
 * else is an INTERNAL_ERROR whose details are logged with the request id, never shown.
 */
export function toToolError(err: unknown, requestId: string, log: Logger): CallToolResult {
  return errorResult(toErrorPayload(err, requestId, log))
}

export function toErrorPayload(err: unknown, requestId: string, log: Logger): ToolErrorPayload {
  const payload: ToolErrorPayload =
    err instanceof ZavaError
      ? {
          code: err.code,
          message: err.message,
          hint: err.hint ?? null,
          request_id: requestId,
          retryable: err.retryable,
        }
      : {
          code: 'INTERNAL_ERROR',
          message: 'The server failed to handle this call.',
          hint: `Retry; if it persists, give the operator request id ${requestId}.`,
          request_id: requestId,
          retryable: false,
        }
  if (!(err instanceof ZavaError)) log.error({ err, requestId }, 'tool call failed unexpectedly')
  return payload
}

/** Where the typed error travels in a tool result, for clients that read it programmatically. */
export const ERROR_META_KEY = 'zava/error'

export function errorResult(payload: ToolErrorPayload): CallToolResult {
  const text = `Error ${payload.code}: ${payload.message}${payload.hint ? `\nHint: ${payload.hint}` : ''}`
  // Not structuredContent: clients validate that against the tool's output schema even on errors.
  return { isError: true, content: [{ type: 'text', text }], _meta: { [ERROR_META_KEY]: payload } }
}

/**
 * Errors the SDK raises before our handler runs (bad arguments, unknown tool) arrive here as
 * plain messages; they are given the same typed shape.
 */
export function sdkToolError(message: string, requestId: string, log: Logger): CallToolResult {
  const invalidArguments =
    /^(MCP error -?\d+: )?Input validation error: Invalid arguments for tool [\w-]+: ([\s\S]*)$/.exec(message)
  if (invalidArguments) {
    return toToolError(
      new ValidationError(
        `Invalid arguments: ${invalidArguments[2]}`,
        "Check the arguments against the tool's input schema and call again.",
      ),
      requestId,
      log,
    )
  }
  const unknownTool = /Tool ([\w-]+) (not found|disabled)/.exec(message)
  if (unknownTool) {
    return toToolError(
      new ValidationError(
        `There is no tool named ${unknownTool[1]}.`,
        'List the tools (tools/list) and use one of them.',
      ),
      requestId,
      log,
    )
  }
  return toToolError(new Error(message), requestId, log)
}
