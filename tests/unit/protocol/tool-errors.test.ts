import { describe, expect, it } from 'bun:test'
import pino from 'pino'
import { AuthorizationError, QueryTimeoutError, ValidationError } from '../../../src/errors.ts'
import { ERROR_META_KEY, sdkToolError, toToolError } from '../../../src/protocol/tool-errors.ts'

function captureLog() {
  const lines: string[] = []
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) })
  return { log, lines }
}

const payloadOf = (result: ReturnType<typeof toToolError>) =>
  result._meta?.[ERROR_META_KEY] as Record<string, unknown>

describe('tool errors', () => {
  it('keeps the code, message and hint of a typed error', () => {
    const { log } = captureLog()
    const result = toToolError(
      new AuthorizationError('No access to store X.', 'Use your own store.'),
      'req-1',
      log,
    )
    expect(result.isError).toBe(true)
    expect(payloadOf(result)).toEqual({
      code: 'AUTHORIZATION_ERROR',
      message: 'No access to store X.',
      hint: 'Use your own store.',
      request_id: 'req-1',
      retryable: false,
    })
    expect(result.content[0]).toEqual({
      type: 'text',
      text: 'Error AUTHORIZATION_ERROR: No access to store X.\nHint: Use your own store.',
    })
  })

  it('hides the details of an unexpected error and logs them with the request id', () => {
    const { log, lines } = captureLog()
    const secret = 'postgres://zava_app:hunter2@db.internal:5432/zava'
    const result = toToolError(new Error(`connect failed to ${secret}`), 'req-2', log)
    expect(payloadOf(result)).toMatchObject({ code: 'INTERNAL_ERROR', request_id: 'req-2' })
    expect(JSON.stringify(result)).not.toContain('hunter2')
    expect(lines.join('')).toContain('req-2')
  })

  it('says a timeout may be narrowed, not retried blindly', () => {
    const { log } = captureLog()
    const result = toToolError(new QueryTimeoutError('Too slow.', 'Narrow it.'), 'r', log)
    expect(payloadOf(result)).toMatchObject({ code: 'QUERY_TIMEOUT', retryable: false })
  })

  it("gives the SDK's argument errors the VALIDATION_ERROR code", () => {
    const { log } = captureLog()
    const result = sdkToolError(
      'MCP error -32602: Input validation error: Invalid arguments for tool get_store_performance: store_id: Invalid UUID',
      'r',
      log,
    )
    expect(payloadOf(result)).toMatchObject({ code: 'VALIDATION_ERROR' })
    expect(String(payloadOf(result).message)).toContain('store_id')
  })

  it('answers an unknown tool with VALIDATION_ERROR', () => {
    const { log } = captureLog()
    expect(payloadOf(sdkToolError('MCP error -32602: Tool drop_tables not found', 'r', log))).toMatchObject({
      code: 'VALIDATION_ERROR',
    })
  })

  it('keeps ValidationError distinct from an internal error', () => {
    const { log } = captureLog()
    expect(payloadOf(toToolError(new ValidationError('bad'), 'r', log))).toMatchObject({
      code: 'VALIDATION_ERROR',
      hint: null,
    })
  })
})
