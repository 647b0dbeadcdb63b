import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { SQL_GUARD_REASONS } from '../data/sql-guard/index.ts'
import type { Caller } from '../data/with-tenant.ts'
import { runInCallScope } from '../infra/call-scope.ts'
import { hashForLog, type Logger } from '../infra/log.ts'
import type { ServerDeps } from './deps.ts'
import { errorResult, toErrorPayload } from './tool-errors.ts'

const tracer = trace.getTracer('zava-mcp')
const GUARD_REASONS = new Set<string>(SQL_GUARD_REASONS)

/** What the call's body tells the observer once it knows it. */
export interface ObservedCall {
  readonly log: Logger
  /** Set once the caller is resolved: its kind and hashed id go on the log line. */
  caller?: Caller
  /** Rows in the result, when the tool has a natural count (execute_sales_query's row_count). */
  resultRows?: number
}

/**
 * Runs one tool call with everything around it: admission (refused while shutting down), a span
 * (`tools/call <tool>`, parent of the call's query spans), metrics, and exactly one log line with
 * the request id, tool, caller kind and hashed caller id, duration, rows, cache verdict, outcome and
 * error code. A thrown error becomes the typed tool error; nothing here throws.
 */
export function observeToolCall(
  deps: ServerDeps,
  tool: string,
  requestId: string,
  body: (call: ObservedCall) => Promise<CallToolResult>,
): Promise<CallToolResult> {
  const call: ObservedCall = { log: deps.log.child({ requestId, tool }) }
  return runInCallScope(requestId, tool, (scope) =>
    tracer.startActiveSpan(
      `tools/call ${tool}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'mcp.method.name': 'tools/call',
          'gen_ai.tool.name': tool,
          'zava.request_id': requestId,
        },
      },
      async (span) => {
        const started = performance.now()
        let code: string | undefined
        try {
          return await (deps.calls ? deps.calls.run(() => body(call)) : body(call))
        } catch (err) {
          const payload = toErrorPayload(err, requestId, call.log)
          code = payload.code
          const reason = (err as { reason?: unknown }).reason
          if (code === 'VALIDATION_ERROR' && typeof reason === 'string' && GUARD_REASONS.has(reason)) {
            deps.metrics?.guardRejections.inc({ reason })
          }
          span.setStatus({ code: SpanStatusCode.ERROR, message: code })
          span.setAttribute('error.type', code)
          return errorResult(payload)
        } finally {
          const seconds = (performance.now() - started) / 1000
          const outcome = code ? 'error' : 'ok'
          if (call.caller) span.setAttribute('zava.caller.kind', call.caller.kind)
          span.end()
          const metrics = deps.metrics
          if (metrics) {
            metrics.toolCalls.inc({ tool, outcome })
            if (code) metrics.toolErrors.inc({ tool, code })
            metrics.toolDuration.observe({ tool }, seconds)
          }
          call.log.info(
            {
              callerKind: call.caller?.kind,
              callerId: call.caller ? hashForLog(call.caller.rlsUserId) : undefined,
              durationMs: Math.round(seconds * 1000),
              rows: call.resultRows ?? scope.dbRows,
              dbQueries: scope.dbQueries,
              cache: scope.cache,
              outcome,
              code,
            },
            'tool call',
          )
        }
      },
    ),
  )
}
