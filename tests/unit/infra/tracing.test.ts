import { describe, expect, it } from 'bun:test'
import { Writable } from 'node:stream'
import { trace } from '@opentelemetry/api'
import { createLogger } from '../../../src/infra/log.ts'
import { otlpTracesRequested, startTracing } from '../../../src/infra/tracing.ts'

const silent = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }))

describe('tracing', () => {
  it('exports only when the standard OTEL variables ask for it', () => {
    expect(otlpTracesRequested({})).toBe(false)
    expect(otlpTracesRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true)
    expect(
      otlpTracesRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }),
    ).toBe(true)
    expect(otlpTracesRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true)
    expect(
      otlpTracesRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' }),
    ).toBe(false)
    expect(otlpTracesRequested({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false)
  })

  it('is the no-op tracer when not asked, and loads the OTLP exporter when asked', async () => {
    const off = await startTracing({}, silent)
    expect(off.exporting).toBe(false)
    expect(trace.getTracer('t').startSpan('x').isRecording()).toBe(false)
    const on = await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }, silent)
    try {
      expect(on.exporting).toBe(true)
      expect(trace.getTracer('t').startSpan('x').isRecording()).toBe(true)
    } finally {
      await on.shutdown(500)
    }
    expect(trace.getTracer('t').startSpan('x').isRecording()).toBe(false)
  })
})
