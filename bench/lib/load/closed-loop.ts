import type { PlannedCall } from '../../workload/generator.ts'
import { type Histogram, latencyHistogram, recordMs } from '../histogram.ts'
import type { CallOutcome } from '../stack/server-stack.ts'

/** Something measured per window alongside the calls (pool probe, samplers, query recorder). */
export interface Meter<T = unknown> {
  start(): void
  stop(): T
}

export interface CallWindow<M extends Record<string, Meter>> {
  durationMs: number
  completed: number
  throughput: number
  errors: Record<string, number>
  latency: Histogram
  byLabel: Map<string, Histogram>
  meters: { [K in keyof M]: ReturnType<M[K]['stop']> }
}

interface Accumulator {
  completed: number
  errors: Record<string, number>
  latency: Histogram
  byLabel: Map<string, Histogram>
}

/**
 * Closed-loop load: each virtual user makes a call, waits for the answer, and makes the next, so the
 * throughput is what the stack sustains at that concurrency. The number of users can change while it
 * runs (the pool scenario steps up through its concurrency levels without restarting); windows
 * measure the calls that complete inside them.
 */
export class ClosedLoopDriver {
  readonly #workers: { stop: boolean; done: Promise<void>; calls: number; lastCompletedStart: number }[] = []
  #window: Accumulator | undefined
  #thinkTimeMs: number

  constructor(
    private readonly next: (worker: number) => PlannedCall,
    private readonly call: (planned: PlannedCall) => Promise<CallOutcome>,
    options: { thinkTimeMs?: number } = {},
  ) {
    this.#thinkTimeMs = options.thinkTimeMs ?? 0
  }

  get concurrency(): number {
    return this.#workers.filter((w) => !w.stop).length
  }

  /** Adds or retires virtual users (a retired user finishes its current call). */
  setConcurrency(n: number): void {
    const active = this.#workers.filter((w) => !w.stop)
    for (const w of active.slice(n)) w.stop = true
    for (let i = active.length; i < n; i++) this.#spawn(this.#workers.length)
  }

  /**
   * Waits at least `minMs`, and until every active user has completed a call it started after now
   * (so the queue in front of the pool has reached its steady length), at most `capMs`.
   */
  async warmUp(minMs: number, capMs = Math.max(minMs, 30_000)): Promise<{ ms: number; complete: boolean }> {
    const started = performance.now()
    const ready = () => this.#workers.every((w) => w.stop || w.lastCompletedStart >= started)
    while (performance.now() - started < capMs) {
      if (performance.now() - started >= minMs && ready()) break
      await Bun.sleep(Math.max(1, Math.min(50, minMs)))
    }
    return { ms: performance.now() - started, complete: ready() }
  }

  /** Measures one window of `windowMs`, starting and stopping the meters around it. */
  async measure<M extends Record<string, Meter>>(
    windowMs: number,
    meters: M,
    onTick?: (done: number) => void,
  ): Promise<CallWindow<M>> {
    for (const meter of Object.values(meters)) meter.start()
    const window: Accumulator = { completed: 0, errors: {}, latency: latencyHistogram(), byLabel: new Map() }
    this.#window = window
    const started = performance.now()
    while (performance.now() - started < windowMs) {
      await Bun.sleep(Math.max(1, Math.min(200, windowMs - (performance.now() - started))))
      onTick?.(Math.min(1, (performance.now() - started) / windowMs))
    }
    this.#window = undefined
    const durationMs = performance.now() - started
    const measured = Object.fromEntries(Object.entries(meters).map(([name, meter]) => [name, meter.stop()]))
    return {
      durationMs,
      completed: window.completed,
      throughput: (window.completed * 1000) / durationMs,
      errors: window.errors,
      latency: window.latency,
      byLabel: window.byLabel,
      meters: measured as CallWindow<M>['meters'],
    }
  }

  /** Retires every user and waits for their last calls. */
  async stop(): Promise<void> {
    for (const w of this.#workers) w.stop = true
    await Promise.all(this.#workers.map((w) => w.done))
  }

  #spawn(index: number): void {
    const state = {
      stop: false,
      calls: 0,
      lastCompletedStart: Number.NEGATIVE_INFINITY,
      done: Promise.resolve(),
    }
    state.done = (async () => {
      while (!state.stop) {
        const planned = this.next(index)
        const started = performance.now()
        let outcome: CallOutcome
        try {
          outcome = await this.call(planned)
        } catch (err) {
          outcome = { ok: false, code: `EXCEPTION:${err instanceof Error ? err.name : 'unknown'}` }
        }
        state.calls++
        state.lastCompletedStart = started
        const window = this.#window
        if (window) {
          const ms = performance.now() - started
          window.completed++
          recordMs(window.latency, ms)
          const perLabel = window.byLabel.get(planned.label) ?? latencyHistogram()
          window.byLabel.set(planned.label, perLabel)
          recordMs(perLabel, ms)
          if (!outcome.ok)
            window.errors[outcome.code ?? 'ERROR'] = (window.errors[outcome.code ?? 'ERROR'] ?? 0) + 1
        }
        await pause(this.#thinkTimeMs)
      }
    })()
    this.#workers.push(state)
  }
}

export interface ClosedLoopOptions<M extends Record<string, Meter>> {
  concurrency: number
  /** Least warm-up (not recorded); it lasts until every user has completed a call */
  warmupMs: number
  windows: number
  windowMs: number
  thinkTimeMs?: number
  next: (worker: number) => PlannedCall
  call: (planned: PlannedCall) => Promise<CallOutcome>
  meters: M
  /** Called about every 200 ms with the share of this run done (0..1) */
  onProgress?: (done: number) => void
}

/** Fixed concurrency: warm-up, then `windows` back-to-back windows. */
export async function runClosedLoop<M extends Record<string, Meter>>(
  opts: ClosedLoopOptions<M>,
): Promise<CallWindow<M>[]> {
  const driver = new ClosedLoopDriver(opts.next, opts.call, { thinkTimeMs: opts.thinkTimeMs })
  driver.setConcurrency(opts.concurrency)
  const results: CallWindow<M>[] = []
  try {
    await driver.warmUp(opts.warmupMs)
    for (let w = 0; w < opts.windows; w++) {
      results.push(
        await driver.measure(opts.windowMs, opts.meters, (done) =>
          opts.onProgress?.((w + done) / opts.windows),
        ),
      )
    }
  } finally {
    await driver.stop()
  }
  return results
}

/** Closed-loop load in the background, unmeasured (the slow-query scenario's normal workload). */
export function startLoad(opts: {
  concurrency: number
  next: (worker: number) => PlannedCall
  call: (planned: PlannedCall) => Promise<CallOutcome>
  thinkTimeMs?: number
}): { calls(): number; errors(): Record<string, number>; stop(): Promise<void> } {
  let calls = 0
  const errors: Record<string, number> = {}
  const driver = new ClosedLoopDriver(
    opts.next,
    async (planned) => {
      const outcome = await opts.call(planned).catch((err: unknown) => ({
        ok: false,
        code: `EXCEPTION:${err instanceof Error ? err.name : 'unknown'}`,
      }))
      calls++
      if (!outcome.ok) errors[outcome.code ?? 'ERROR'] = (errors[outcome.code ?? 'ERROR'] ?? 0) + 1
      return outcome
    },
    { thinkTimeMs: opts.thinkTimeMs },
  )
  driver.setConcurrency(opts.concurrency)
  return { calls: () => calls, errors: () => ({ ...errors }), stop: () => driver.stop() }
}

/**
 * Between two calls of a virtual user: the think time, or at least one turn of the event loop. Calls
 * that never touch a socket (get_current_utc_date, PGlite in process) resolve on microtasks alone;
 * without this a worker would starve the timers that end the windows.
 */
function pause(thinkTimeMs: number): Promise<void> {
  if (thinkTimeMs) return Bun.sleep(thinkTimeMs * (0.5 + Math.random()))
  return new Promise((resolve) => setImmediate(resolve))
}
