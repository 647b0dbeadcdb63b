import { ServiceUnavailableError, ZavaError } from '../errors.ts'
import type { Logger } from './log.ts'

export type LifecycleState = 'starting' | 'running' | 'draining' | 'stopped'

/** A start-up step failed: `step` says which dependency, the cause why. */
export class StartupError extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    const detail =
      cause instanceof ZavaError
        ? `${cause.message}${cause.hint ? ` ${cause.hint}` : ''}`
        : cause instanceof Error
          ? cause.message
          : String(cause)
    super(`start-up failed at ${step}: ${detail}`, { cause })
    this.name = 'StartupError'
  }
}

/** Admits calls while the server takes them, and tracks those in flight for a graceful shutdown. */
export interface CallGate {
  /**
   * Runs one call. Refused with SERVICE_UNAVAILABLE once shutdown has begun; a call still running
   * at the drain deadline is answered with SERVICE_UNAVAILABLE so its client hears back.
   */
  run<T>(fn: () => Promise<T>): Promise<T>
}

export interface LifecycleOptions {
  /** Longest from the stop signal to the end of shutdown (in-flight calls, then closing). */
  shutdownTimeoutMs: number
  /** How the process ends on a second signal (default `process.exit`). */
  exit?: (code: number) => void
}

interface Hook {
  name: string
  run: () => Promise<void> | void
}

const SIGNAL_EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 }
/** Left of the shutdown budget for the process to exit once everything is closed. */
const EXIT_MARGIN_MS = 100
/**
 * A call's handler has returned, but its transport still has to send the answer (the MCP SDK does
 * so a few ticks later): wait this long after the last call before closing transports.
 */
const ANSWER_FLUSH_MS = 50

/**
 * Start-up and shutdown of a server process.
 *
 * Start-up is a sequence of `step`s (config, logger, database, migrations, embedder, transports),
 * each logged with its duration; the first that fails stops start-up with one message naming it.
 *
 * Shutdown (first SIGINT/SIGTERM, end of stdin on stdio, or `shutdown()`): stop taking new calls
 * (`onDrain` hooks, e.g. stop an HTTP listener; the gate refuses new calls), let calls in flight
 * finish until the drain deadline, answer those still running with SERVICE_UNAVAILABLE, then run
 * the `onStop` hooks in reverse order of registration (transports before the pool, the pool before
 * the exporters), each bounded by what is left of `shutdownTimeoutMs`. A second signal exits at once.
 *
 * @example
 *   const life = new Lifecycle(log, { shutdownTimeoutMs: 10_000 })
 *   const db = await life.step('database', () => openDb())
 *   life.onStop('database', () => db.close())
 *   life.ready()
 *   await life.shutdown(await life.stopSignal({ stdin: true }))
 */
export class Lifecycle implements CallGate {
  #state: LifecycleState = 'starting'
  readonly #inFlight = new Set<Promise<unknown>>()
  readonly #drainHooks: Hook[] = []
  readonly #stopHooks: Hook[] = []
  #cutOff!: (err: Error) => void
  readonly #cutOffSignal: Promise<never>
  #shutdown?: Promise<number>

  constructor(
    private readonly log: Logger,
    private readonly options: LifecycleOptions,
  ) {
    this.#cutOffSignal = new Promise<never>((_, reject) => {
      this.#cutOff = reject
    })
    // Only observed through races; never an unhandled rejection on its own.
    this.#cutOffSignal.catch(() => {})
  }

  get state(): LifecycleState {
    return this.#state
  }

  get inFlight(): number {
    return this.#inFlight.size
  }

  /** Runs one start-up step, logging its duration; a failure becomes a `StartupError` naming the step. */
  async step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
    const started = performance.now()
    try {
      const result = await fn()
      this.log.info({ step: name, ms: Math.round(performance.now() - started) }, `start-up: ${name} ready`)
      return result
    } catch (err) {
      throw err instanceof StartupError ? err : new StartupError(name, err)
    }
  }

  /** Runs when shutdown begins, before waiting for calls in flight: stop accepting new work. */
  onDrain(name: string, run: () => Promise<void> | void): void {
    this.#drainHooks.push({ name, run })
  }

  /** Runs after calls in flight are done, in reverse order of registration: release a resource. */
  onStop(name: string, run: () => Promise<void> | void): void {
    this.#stopHooks.push({ name, run })
  }

  /** Start-up is over: calls are welcome. */
  ready(): void {
    if (this.#state === 'starting') this.#state = 'running'
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#state === 'draining' || this.#state === 'stopped') {
      return Promise.reject(
        new ServiceUnavailableError(
          'The server is shutting down and takes no new calls.',
          'Retry in a few seconds (a restarted or another instance will answer).',
        ),
      )
    }
    const call = Promise.race([fn(), this.#cutOffSignal])
    this.#inFlight.add(call)
    const forget = () => this.#inFlight.delete(call)
    call.then(forget, forget)
    return call
  }

  /**
   * The first stop request: SIGINT, SIGTERM, or (with `stdin`) the end of standard input. A second
   * SIGINT/SIGTERM after that exits the process at once (130/143).
   */
  stopSignal(options: { stdin?: boolean } = {}): Promise<string> {
    return new Promise((resolve) => {
      let stopping = false
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) {
          this.log.warn({ signal }, 'second stop signal: exiting at once')
          ;(this.options.exit ?? process.exit)(SIGNAL_EXIT_CODES[signal] ?? 1)
          return
        }
        stopping = true
        resolve(signal)
      }
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
      if (options.stdin) {
        const onEnd = () => {
          if (stopping) return
          stopping = true
          resolve('end of input')
        }
        process.stdin.once('end', onEnd)
        process.stdin.once('close', onEnd)
      }
    })
  }

  /** Drains and stops; idempotent. Resolves with the exit code (0 once everything was attempted). */
  shutdown(reason: string): Promise<number> {
    this.#shutdown ??= this.#stop(reason)
    return this.#shutdown
  }

  async #stop(reason: string): Promise<number> {
    const started = performance.now()
    const budget = Math.max(0, this.options.shutdownTimeoutMs - EXIT_MARGIN_MS)
    const deadline = started + budget
    // Keep a share of the budget for closing: a quarter, at most 2 s.
    const closeReserve = Math.min(2_000, budget / 4)
    this.#state = 'draining'
    this.log.info({ reason, inFlight: this.#inFlight.size }, 'shutting down: no new calls')
    for (const hook of this.#drainHooks) await this.#runHook(hook, deadline - closeReserve, 'drain')

    const drainedAt = await this.#drain(deadline - closeReserve)
    if (this.#inFlight.size > 0) {
      const stuck = this.#inFlight.size
      this.#cutOff(
        new ServiceUnavailableError(
          'The server stopped before this call finished.',
          'Call again: a restarted or another instance will answer.',
        ),
      )
      await Promise.race([Promise.allSettled([...this.#inFlight]), Bun.sleep(ANSWER_FLUSH_MS)])
      this.log.warn(
        { calls: stuck },
        'calls still running at the shutdown deadline were answered with an error',
      )
    } else {
      this.log.info({ ms: Math.round(drainedAt - started) }, 'calls in flight finished')
    }
    await Bun.sleep(ANSWER_FLUSH_MS)

    for (const hook of [...this.#stopHooks].reverse()) await this.#runHook(hook, deadline, 'stop')
    this.#state = 'stopped'
    this.log.info({ reason, ms: Math.round(performance.now() - started) }, 'stopped')
    return 0
  }

  async #drain(until: number): Promise<number> {
    while (this.#inFlight.size > 0 && performance.now() < until) {
      await Promise.race([
        Promise.allSettled([...this.#inFlight]),
        Bun.sleep(Math.max(1, until - performance.now())),
      ])
    }
    return performance.now()
  }

  async #runHook(hook: Hook, until: number, phase: 'drain' | 'stop') {
    const started = performance.now()
    // Every hook is at least started, even past the deadline: closing beats leaking.
    const budget = Math.max(10, until - started)
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const outcome = await Promise.race([
        Promise.resolve(hook.run()).then(() => 'done' as const),
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), budget)
        }),
      ])
      const ms = Math.round(performance.now() - started)
      if (outcome === 'timeout')
        this.log.warn({ [phase]: hook.name, ms }, `${hook.name} did not finish in time`)
      else
        this.log.info({ [phase]: hook.name, ms }, `${phase === 'stop' ? 'closed' : 'stopped'} ${hook.name}`)
    } catch (err) {
      this.log.error({ [phase]: hook.name, err }, `${hook.name} failed to ${phase}`)
    } finally {
      clearTimeout(timer)
    }
  }
}
