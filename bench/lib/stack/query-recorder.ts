import { AsyncLocalStorage } from 'node:async_hooks'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Connection } from '../../../src/data/db.ts'
import { type Histogram, latencyHistogram, recordMs } from '../histogram.ts'

/**
 * What a slow-query monitor would time, one entry per logical query:
 * - a typed query from queries/*.sql (one statement), labelled with its generated name ('getStoreSalesSummary');
 * - assistant-written SQL, from its DECLARE to its last FETCH (the cursor does the work lazily),
 *   labelled 'sql:<corpus id>' when the text is a known corpus query, else 'sql:other'.
 * Tenant set-up statements (set_config, whoami, search_path) are labelled too but marked `setup`,
 * and transaction control (BEGIN/COMMIT/ROLLBACK) is not recorded.
 */
export interface QueryStat {
  kind: 'typed' | 'assistant' | 'setup'
  histogram: Histogram
  errors: number
}

export type QueryStats = Map<string, QueryStat>

/**
 * Which stream of calls a query belongs to ('workload' unless a caller runs inside
 * `queryStream.run('sweep', …)`), so the background workload, a sweep over the corpus and injected
 * pathological queries are told apart on shared connections.
 */
export const queryStream = new AsyncLocalStorage<string>()
const DEFAULT_STREAM = 'workload'

interface TypedLabel {
  name: string
  prefix: string
  setup: boolean
}

const SETUP_QUERIES = new Set(['configureTenantTransaction', 'setTenantContext', 'whoAmI', 'setAssistantSearchPath'])

/** Labels for every generated query, read from generated/*.queries.ts (new files are picked up). */
export async function loadTypedLabels(): Promise<TypedLabel[]> {
  const dir = join(import.meta.dir, '..', '..', '..', 'generated')
  const labels: TypedLabel[] = []
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.queries.ts'))) {
    const module = (await import(join(dir, file))) as Record<string, unknown>
    for (const [name, value] of Object.entries(module)) {
      const ir = (value as { queryIR?: { statement: string; params: { locs: { a: number }[] }[] } } | null)?.queryIR
      if (!ir) continue
      const firstParam = Math.min(...ir.params.flatMap((p) => p.locs.map((l) => l.a)), ir.statement.length)
      labels.push({ name, prefix: ir.statement.slice(0, firstParam), setup: SETUP_QUERIES.has(name) })
    }
  }
  return labels.sort((a, b) => b.prefix.length - a.prefix.length)
}

/**
 * Times queries on wrapped connections into `current`, which the caller swaps between measurement
 * windows. `sqlIds` maps guarded SQL text (what reaches the cursor) to corpus ids.
 */
export class QueryRecorder {
  /** Stats per stream, then per label */
  current = new Map<string, QueryStats>()
  /** Calls made while this is false are not recorded (warm-up). */
  enabled = true
  /** Streams whose every query is also kept as a sample (few, labelled runs such as pathological queries) */
  readonly keepSamples = new Set<string>()
  readonly samples: { stream: string; label: string; ms: number; failed: boolean }[] = []

  constructor(
    private readonly typed: TypedLabel[],
    private readonly sqlIds: ReadonlyMap<string, string>,
  ) {}

  wrap(inner: Connection): Connection {
    let cursor: { label: string; started: number; lastEnd: number; failed: boolean } | undefined
    const closeCursor = () => {
      if (cursor) this.#record(cursor.label, 'assistant', cursor.lastEnd - cursor.started, cursor.failed)
      cursor = undefined
    }
    return {
      query: async (text, values) => {
        const started = performance.now()
        const isFetch = text.startsWith('FETCH ')
        if (!isFetch) closeCursor()
        const declare = /^DECLARE zava_result NO SCROLL CURSOR FOR ([\s\S]*)$/.exec(text)
        if (declare) cursor = { label: `sql:${this.sqlIds.get(declare[1]!) ?? 'other'}`, started, lastEnd: started, failed: false }
        try {
          const result = await inner.query(text, values)
          if (!declare && !isFetch) this.#typed(text, performance.now() - started, false)
          return result
        } catch (err) {
          if (!declare && !isFetch) this.#typed(text, performance.now() - started, true)
          if (cursor) cursor.failed = true
          throw err
        } finally {
          if (cursor && (isFetch || declare)) cursor.lastEnd = performance.now()
        }
      },
      exec: async (sql) => {
        closeCursor()
        return inner.exec(sql)
      },
      copyFrom: (copySql, data) => inner.copyFrom(copySql, data),
    }
  }

  #typed(text: string, ms: number, failed: boolean): void {
    const label = this.typed.find((t) => text.startsWith(t.prefix))
    if (label) this.#record(label.name, label.setup ? 'setup' : 'typed', ms, failed)
    else this.#record('other', 'typed', ms, failed)
  }

  /** Starts a new window and returns the stats of the one that ends. */
  swap(): Map<string, QueryStats> {
    const ended = this.current
    this.current = new Map()
    return ended
  }

  #record(label: string, kind: QueryStat['kind'], ms: number, failed: boolean): void {
    if (!this.enabled) return
    const streamName = queryStream.getStore() ?? DEFAULT_STREAM
    if (this.keepSamples.has(streamName)) this.samples.push({ stream: streamName, label, ms, failed })
    let stream = this.current.get(streamName)
    if (!stream) this.current.set(streamName, (stream = new Map()))
    let stat = stream.get(label)
    if (!stat) {
      stat = { kind, histogram: latencyHistogram(), errors: 0 }
      stream.set(label, stat)
    }
    recordMs(stat.histogram, ms)
    if (failed) stat.errors++
  }
}
