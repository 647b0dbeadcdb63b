import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js'
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js'
import type { Caller } from '../data/with-tenant.ts'
import type { CallGate } from '../infra/lifecycle.ts'
import type { Logger } from '../infra/log.ts'
import type { Metrics } from '../infra/metrics.ts'
import type { QueryStatsSnapshot } from '../infra/query-monitor.ts'
import type { ProductSearchService } from '../service/product-search.ts'
import type { SalesQueryService } from '../service/sales-query.ts'
import type { StorePerformanceService } from '../service/store-performance.ts'
import type { TableSchemaService } from '../service/table-schemas.ts'

export type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>

export interface Services {
  schemas: TableSchemaService
  queries: SalesQueryService
  performance: StorePerformanceService
  /** Semantic product search; absent when no embedder is configured (EMBEDDINGS_PROVIDER=none). */
  search?: ProductSearchService
}

/** Everything `createServer` needs; stdio, HTTP and tests each build one. */
export interface ServerDeps {
  services: Services
  /** Who is calling: fixed over stdio, proven by a token over HTTP. */
  resolveCaller: (extra: RequestExtra) => Promise<Caller>
  log: Logger
  now?: () => Date
  /** Admits tool calls and tracks them for graceful shutdown (the server's `Lifecycle`). */
  calls?: CallGate
  /** Tool call counters and durations; none: only the log line. */
  metrics?: Metrics
  /** Per-query statistics for the `stats://zava/queries` resource; none: no such resource. */
  queryStats?: () => QueryStatsSnapshot
}
