import { join } from 'node:path'
import { openRuntime, type Runtime } from '../app.ts'
import type { Caller } from '../data/with-tenant.ts'
import { type Config, loadConfig } from '../infra/config.ts'
import { Lifecycle, StartupError } from '../infra/lifecycle.ts'
import { createLogger, type Logger } from '../infra/log.ts'
import { Metrics } from '../infra/metrics.ts'
import { QueryMonitor } from '../infra/query-monitor.ts'
import { startStatsFile } from '../infra/stats-file.ts'
import { startTracing } from '../infra/tracing.ts'
import type { RequestExtra, ServerDeps } from '../protocol/deps.ts'

/** A started server process, before its transport: what stdio and HTTP serving share. */
export interface Bootstrapped {
  config: Config
  log: Logger
  lifecycle: Lifecycle
  metrics: Metrics
  monitor: QueryMonitor
  runtime: Runtime
  /** The `createServer` dependencies, with call admission, metrics and query statistics wired in. */
  serverDeps(resolveCaller: (extra: RequestExtra) => Promise<Caller>): ServerDeps
}

/**
 * Start-up up to the transport, in order: config → logger → telemetry (traces, metrics, query
 * statistics) → database → migrations check → embedder. Each step is logged with its duration;
 * whatever opened is registered to close on shutdown, in reverse order. A failing step is logged
 * (one fatal line naming it) and thrown as a `StartupError`, after closing what was already open. An invalid configuration throws a
 * `ConfigurationError` before anything starts (there is no logger yet).
 */
export async function bootstrap(
  env: Record<string, string | undefined> = process.env,
  options: { precheck?: (config: Config) => void } = {},
): Promise<Bootstrapped> {
  const configStarted = performance.now()
  const config = loadConfig(env)
  options.precheck?.(config)
  const configMs = Math.round(performance.now() - configStarted)
  const log = createLogger(config.LOG_LEVEL)
  const lifecycle = new Lifecycle(log, { shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS })
  log.info({ step: 'config', ms: configMs }, 'start-up: config ready')
  log.info({ step: 'logger', level: config.LOG_LEVEL }, 'start-up: logger ready')
  try {
    const tracing = await lifecycle.step('tracing', () => startTracing(env, log))
    lifecycle.onStop('tracing', () => tracing.shutdown())
    const metrics = new Metrics()
    const monitor = new QueryMonitor({
      slowQueryMs: config.SLOW_QUERY_MS,
      explainSlow: config.SLOW_QUERY_EXPLAIN,
      log,
      metrics,
    })
    const statsDir = config.STATS_DIR ?? join(config.dataDir, 'stats')
    await lifecycle.step('stats', () => {
      const file = startStatsFile(statsDir, () => monitor.snapshot(), { changes: () => monitor.eventCount })
      lifecycle.onStop('stats file', () => file.stop())
    })
    const runtime = await openRuntime(config, log, {
      step: (name, fn) => lifecycle.step(name, fn),
      metrics,
      telemetry: monitor,
    })
    lifecycle.onStop('database', () => runtime.close())
    return {
      config,
      log,
      lifecycle,
      metrics,
      monitor,
      runtime,
      serverDeps: (resolveCaller) => ({
        services: runtime.services,
        resolveCaller,
        log,
        calls: lifecycle,
        metrics,
        queryStats: () => monitor.snapshot(),
      }),
    }
  } catch (err) {
    throw await abortStartup(log, lifecycle, err)
  }
}

/**
 * Ends a failed start-up: one fatal log line naming the step, then everything already open is
 * closed. Returns the `StartupError` to throw (or to turn into exit code 1).
 */
export async function abortStartup(log: Logger, lifecycle: Lifecycle, err: unknown): Promise<StartupError> {
  const startup = err instanceof StartupError ? err : new StartupError('start-up', err)
  log.fatal({ step: startup.step, err: startup.cause }, startup.message)
  await lifecycle.shutdown('start-up failed')
  return startup
}
