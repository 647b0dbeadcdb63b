import { parseArgs } from 'node:util'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { resolveConfiguredCaller } from '../app.ts'
import { resolveCaller } from '../data/with-tenant.ts'
import { AuthenticationError } from '../errors.ts'
import { StartupError } from '../infra/lifecycle.ts'
import { metricsHandler } from '../infra/metrics.ts'
import { startMetricsServer } from '../infra/metrics-server.ts'
import { databaseProbe, embedderProbe } from '../protocol/http/probes.ts'
import { type HttpFlags, resolveHttpSettings } from '../protocol/http/settings.ts'
import { startHttpServer } from '../protocol/http/start.ts'
import { createServer } from '../protocol/server.ts'
import { abortStartup, type Bootstrapped, bootstrap } from './bootstrap.ts'

const USAGE =
  'zava-mcp serve [--transport stdio|http] [--port N] [--host ADDR] [--stateless] [--insecure-dev-identity]'

/**
 * `zava-mcp serve`: config → logger → telemetry → database → migrations check → embedder →
 * transport (see `bootstrap`), then serve until SIGINT, SIGTERM or (stdio) the end of stdin, and
 * shut down gracefully (`Lifecycle`): no new calls, calls in flight finish within
 * SHUTDOWN_TIMEOUT_MS, then the transport, metrics port, cache, pool and exporters close. Exit
 * code 0 after a shutdown, 1 when start-up failed (one fatal log line says which step and why),
 * 2 for bad flags.
 */
export async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      transport: { type: 'string', default: 'stdio' },
      port: { type: 'string' },
      host: { type: 'string' },
      stateless: { type: 'boolean' },
      'insecure-dev-identity': { type: 'boolean' },
    },
  })
  const transport = values.transport
  if (transport !== 'stdio' && transport !== 'http') {
    process.stderr.write(`zava-mcp: unknown transport '${transport}' (expected stdio or http).\n${USAGE}\n`)
    return 2
  }
  const flags: HttpFlags = {
    host: values.host,
    port: values.port === undefined ? undefined : Number(values.port),
    stateless: values.stateless,
    insecureDevIdentity: values['insecure-dev-identity'],
  }
  let boot: Bootstrapped
  try {
    boot = await bootstrap(process.env, {
      // HTTP settings are checked before anything starts: a bad combination costs no database.
      precheck: transport === 'http' ? (config) => void resolveHttpSettings(config, flags) : undefined,
    })
  } catch (err) {
    if (err instanceof StartupError) return 1
    throw err
  }
  const { lifecycle, log } = boot
  let stopped: Promise<string>
  try {
    ;({ stopped } = transport === 'http' ? await serveHttp(boot, flags) : await serveStdio(boot))
  } catch (err) {
    await abortStartup(log, lifecycle, err)
    return 1
  }
  lifecycle.ready()
  boot.runtime.startBackgroundWork()
  const code = await lifecycle.shutdown(await stopped)
  exitSoon(code)
  return code
}

/** stdio: one fixed caller (ZAVA_RLS_USER_ID); the end of stdin is a stop request too. */
async function serveStdio(boot: Bootstrapped): Promise<{ stopped: Promise<string> }> {
  const { config, lifecycle, log, runtime } = boot
  const caller = await lifecycle.step('identity', () =>
    resolveConfiguredCaller(runtime.tdb, config.ZAVA_RLS_USER_ID),
  )
  await startMetricsPort(boot)
  const served = await lifecycle.step('transport', async () => {
    const server = createServer(boot.serverDeps(async () => caller))
    const transport = new StdioServerTransport()
    const closed = new Promise<string>((resolve) => {
      transport.onclose = () => resolve('transport closed')
    })
    lifecycle.onStop('stdio transport', () => server.close())
    await server.connect(transport)
    // Wrapped: the step is over once connected, not once stopped.
    return { stopped: Promise.race([closed, lifecycle.stopSignal({ stdin: true })]) }
  })
  log.info(
    { kind: caller.kind, stores: caller.storeIds.length, backend: runtime.backend },
    'serving over stdio',
  )
  return served
}

/**
 * HTTP: each request proves its caller (see docs/http.md). The listener stops accepting as soon as
 * shutdown begins; /metrics is served on the same port (and on METRICS_PORT too, if set).
 */
async function serveHttp(boot: Bootstrapped, flags: HttpFlags): Promise<{ stopped: Promise<string> }> {
  const { config, lifecycle, log, runtime } = boot
  const settings = resolveHttpSettings(config, flags)
  await lifecycle.step('tenant key', () => checkTenantKey(boot))
  await startMetricsPort(boot)
  await lifecycle.step('transport', async () => {
    const probes = [
      await databaseProbe(runtime.tdb.db),
      ...(runtime.embedder ? [embedderProbe(runtime.embedder)] : []),
      lifecycleProbe(boot),
    ]
    const server = await startHttpServer({
      settings,
      services: runtime.services,
      resolveCaller: (rlsUserId) => resolveCaller(runtime.tdb, rlsUserId),
      probes,
      log,
      serverDeps: boot.serverDeps,
      metrics: metricsHandler(boot.metrics),
    })
    lifecycle.onStop('http transport', () => server.stop())
  })
  return { stopped: lifecycle.stopSignal() }
}

/**
 * Over HTTP no identity is resolved at start, so a ZAVA_TENANT_KEY that differs from the database's
 * would only show at the first request (as 503s): ask the database once now. An unknown configured
 * user is fine here; what is checked is that the signed tenant context was accepted.
 */
async function checkTenantKey({ config, runtime }: Bootstrapped): Promise<void> {
  try {
    await resolveConfiguredCaller(runtime.tdb, config.ZAVA_RLS_USER_ID)
  } catch (err) {
    if (!(err instanceof AuthenticationError)) throw err
  }
}

/** Not ready once shutdown has begun: load balancers stop sending calls before the listener closes. */
function lifecycleProbe(boot: Bootstrapped) {
  return {
    names: ['lifecycle'] as const,
    check: async () => ({
      lifecycle: { ok: boot.lifecycle.state === 'running', state: boot.lifecycle.state },
    }),
  }
}

/** METRICS_PORT set: /metrics and /stats on their own port (loopback by default). */
async function startMetricsPort(boot: Bootstrapped): Promise<void> {
  const { config, lifecycle, log } = boot
  if (config.METRICS_PORT === undefined) return
  await lifecycle.step('metrics port', () => {
    const server = startMetricsServer({
      port: config.METRICS_PORT!,
      host: config.METRICS_HOST,
      metrics: boot.metrics,
      stats: () => boot.monitor.snapshot(),
    })
    lifecycle.onStop('metrics port', () => server.stop())
    log.info({ url: server.url }, 'metrics at /metrics, query statistics at /stats')
  })
}

/**
 * Everything is closed, but a handle nobody owns (stdin, a socket of a query cut off at the
 * deadline) may keep the event loop alive: give the last writes a moment, then exit with `code`.
 * Unref'd: the process exits sooner if nothing is left. Within the shutdown budget (see Lifecycle).
 */
function exitSoon(code: number): void {
  setTimeout(() => process.exit(code), 50).unref()
}
