import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js'
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js'
import type { Caller } from '../data/with-tenant.ts'
import type { Logger } from '../infra/log.ts'
import type { SalesQueryService } from '../service/sales-query.ts'
import type { StorePerformanceService } from '../service/store-performance.ts'
import type { TableSchemaService } from '../service/table-schemas.ts'

export type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>

export interface Services {
  schemas: TableSchemaService
  queries: SalesQueryService
  performance: StorePerformanceService
}

/** Everything `createServer` needs; stdio, HTTP and tests each build one. */
export interface ServerDeps {
  services: Services
  /** Who is calling: fixed over stdio, proven by a token over HTTP. */
  resolveCaller: (extra: RequestExtra) => Promise<Caller>
  log: Logger
  now?: () => Date
}
