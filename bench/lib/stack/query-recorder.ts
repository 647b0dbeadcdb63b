import { AsyncLocalStorage } from 'node:async_hooks'
import type { DataTelemetry, QueryEvent } from '../../../src/data/telemetry.ts'
import { currentCall } from '../../../src/infra/call-scope.ts'
import { type Histogram, latencyHistogram, recordMs } from '../histogram.ts'

/**
 * Which stream of calls a query belongs to ('workload' unless the caller runs inside
 * `queryStream.run('sweep', …)`), so the background workload, a sweep over the corpus and injected
 * pathological queries are told apart on shared connections.
 */
export const queryStream = new AsyncLocalStorage<string>()
const DEFAULT_STREAM = 'workload'

/** Statements of the tenant transaction itself (role, signed context, search path), not of the tool. */
const SETUP_QUERIES = new Set([
  'ConfigureTenantTransaction',
  'SetTenantContext',
  'WhoAmI',
  'SetAssistantSearchPath',
])

export interface QueryStat {
  kind: 'typed' | 'assistant' | 'unnamed' | 'setup'
  histogram: Histogram
  errors: number
}

/** One window of one stream: per query label, and per tool call its slowest query. */
export interface StreamWindow {
  queries: Map<string, QueryStat>
  /** Tool call (request id) → its slowest query, ms: a call is flagged when any query is */
  slowestPerCall: Map<string, number>
}

/**
 * The data layer's own telemetry hook (`TenantDb.telemetry`, what the slow-query monitor listens
 * on), recording every query event into HDR histograms: so a threshold is judged on exactly the
 * durations SLOW_QUERY_MS will be compared with. A query is a typed statement (by its generated
 * name) or one piece of assistant SQL from DECLARE to its last FETCH; assistant SQL is labelled
 * `sql:<corpus id>` when its hash is a known corpus query.
 */
export class BenchTelemetry implements DataTelemetry {
  current = new Map<string, StreamWindow>()
  /** Events while this is false are dropped (warm-up). */
  enabled = true
  /** Streams whose every query is also kept as a sample (few, labelled runs such as pathological queries) */
  readonly keepSamples = new Set<string>()
  readonly samples: { stream: string; label: string; ms: number; failed: boolean }[] = []

  /** @param sqlIds sqlHash of guarded SQL → corpus id */
  constructor(private readonly sqlIds: ReadonlyMap<string, string> = new Map()) {}

  onQuery(event: QueryEvent): void {
    if (!this.enabled) return
    const streamName = queryStream.getStore() ?? DEFAULT_STREAM
    const label =
      event.kind === 'assistant' ? `sql:${this.sqlIds.get(event.sqlHash ?? '') ?? 'other'}` : event.name
    const kind: QueryStat['kind'] = SETUP_QUERIES.has(event.name) ? 'setup' : event.kind
    if (this.keepSamples.has(streamName))
      this.samples.push({ stream: streamName, label, ms: event.durationMs, failed: !event.ok })
    let stream = this.current.get(streamName)
    if (!stream) {
      stream = { queries: new Map(), slowestPerCall: new Map() }
      this.current.set(streamName, stream)
    }
    let stat = stream.queries.get(label)
    if (!stat) {
      stat = { kind, histogram: latencyHistogram(), errors: 0 }
      stream.queries.set(label, stat)
    }
    recordMs(stat.histogram, event.durationMs)
    if (!event.ok) stat.errors++
    const call = currentCall()?.requestId
    if (call)
      stream.slowestPerCall.set(call, Math.max(stream.slowestPerCall.get(call) ?? 0, event.durationMs))
  }

  /** Starts a new window and returns the one that ends, by stream. */
  swap(): Map<string, StreamWindow> {
    const ended = this.current
    this.current = new Map()
    return ended
  }
}
