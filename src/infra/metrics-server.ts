import { type Metrics, metricsHandler } from './metrics.ts'
import type { QueryStatsSnapshot } from './query-monitor.ts'

export interface MetricsServer {
  readonly url: string
  stop(): Promise<void>
}

/**
 * The metrics port of a stdio server (METRICS_PORT): `GET /metrics` (Prometheus text) and
 * `GET /stats` (per-query statistics as JSON, what `zava-mcp stats --url` reads). Loopback unless
 * METRICS_HOST says otherwise: it has no authentication. Port 0 picks a free port.
 */
export function startMetricsServer(options: {
  port: number
  host: string
  metrics: Metrics
  stats?: () => QueryStatsSnapshot
}): MetricsServer {
  const serveMetrics = metricsHandler(options.metrics)
  const server = Bun.serve({
    port: options.port,
    hostname: options.host,
    fetch(request) {
      const { pathname } = new URL(request.url)
      if (request.method !== 'GET') return new Response('method not allowed\n', { status: 405 })
      if (pathname === '/metrics') return serveMetrics(request)
      if (pathname === '/stats' && options.stats) return Response.json(options.stats())
      return new Response('not found\n', { status: 404 })
    },
  })
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${server.port}`,
    async stop() {
      await server.stop(true)
    },
  }
}
