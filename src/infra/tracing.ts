import { AsyncLocalStorage } from 'node:async_hooks'
import {
  type Context,
  type ContextManager,
  context,
  ROOT_CONTEXT,
  type TracerProvider,
  trace,
} from '@opentelemetry/api'
import pkg from '../../package.json' with { type: 'json' }
import type { Logger } from './log.ts'

export interface Tracing {
  /** True when spans are exported (OTLP); false: the API's no-op tracer, nothing recorded. */
  readonly exporting: boolean
  /** Flushes and stops the exporter (bounded by `timeoutMs`). */
  shutdown(timeoutMs?: number): Promise<void>
}

const NO_TRACING: Tracing = { exporting: false, shutdown: async () => {} }

/**
 * Whether the standard OpenTelemetry variables ask for OTLP trace export: OTEL_TRACES_EXPORTER
 * names `otlp`, or it is unset and an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT). OTEL_SDK_DISABLED=true always wins. Unlike the SDK's own
 * default, nothing is exported unless asked for.
 */
export function otlpTracesRequested(env: Record<string, string | undefined>): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false
  const exporters = env.OTEL_TRACES_EXPORTER?.split(',').map((e) => e.trim().toLowerCase())
  if (exporters && exporters.length > 0 && exporters[0] !== '') return exporters.includes('otlp')
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
}

/**
 * Starts OTLP/HTTP trace export when the environment asks for it (see `otlpTracesRequested`);
 * otherwise does nothing, and every span the code starts is the API's no-op: the SDK and exporter
 * are not even loaded. The exporter reads its own standard variables (endpoint, headers, timeout).
 */
export async function startTracing(env: Record<string, string | undefined>, log: Logger): Promise<Tracing> {
  if (!otlpTracesRequested(env)) return NO_TRACING
  const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ])
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': env.OTEL_SERVICE_NAME || 'zava-mcp',
      'service.version': pkg.version,
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  })
  installTracerProvider(provider)
  log.info(
    { endpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || 'default' },
    'exporting traces over OTLP/HTTP',
  )
  return {
    exporting: true,
    async shutdown(timeoutMs = 2_000) {
      await Promise.race([provider.shutdown(), Bun.sleep(timeoutMs)]).catch(() => {})
      trace.disable()
      context.disable()
    },
  }
}

/**
 * Makes `provider` the global tracer provider, with a context manager that carries the active span
 * across `await` (AsyncLocalStorage). Tests use it with an in-memory exporter.
 */
export function installTracerProvider(provider: TracerProvider): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  trace.setGlobalTracerProvider(provider)
}

/** The context manager of `@opentelemetry/context-async-hooks`, in a few lines. */
class AsyncLocalStorageContextManager implements ContextManager {
  readonly #storage = new AsyncLocalStorage<Context>()

  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.#storage.run(ctx, () => fn.apply(thisArg, args))
  }

  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target
    const storage = this.#storage
    return function (this: unknown, ...args: unknown[]) {
      return storage.run(ctx, () => (target as (...a: unknown[]) => unknown).apply(this, args))
    } as T
  }

  enable(): this {
    return this
  }

  disable(): this {
    this.#storage.disable()
    return this
  }
}
