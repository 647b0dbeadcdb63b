import type { Db } from '../../../src/data/db.ts'
import { type Histogram, latencyHistogram, recordMs } from '../histogram.ts'

/** What the pool did during one measurement window. */
export interface PoolWindow {
  /** Time from asking for a connection to getting one */
  wait: Histogram
  /** Time a connection was held (one withTenant transaction) */
  hold: Histogram
  acquires: number
  /** Acquisitions that failed (pool connection timeout) */
  failures: number
  /** Time-weighted means, sampled every few ms */
  meanInUse: number
  meanWaiting: number
}

/**
 * Wraps `Db.acquire` to measure how long callers wait for a connection and how long they hold it,
 * and keeps live gauges of leases in use and callers waiting.
 */
export class PoolProbe {
  inUse = 0
  waiting = 0
  #window = PoolProbe.#empty()
  #gaugeSamples = { n: 0, inUse: 0, waiting: 0 }
  #timer: ReturnType<typeof setInterval> | undefined
  enabled = true

  wrap(db: Db): Db {
    return {
      kind: db.kind,
      acquire: async () => {
        const asked = performance.now()
        this.waiting++
        let lease: Awaited<ReturnType<Db['acquire']>>
        try {
          lease = await db.acquire()
        } catch (err) {
          if (this.enabled) this.#window.failures++
          throw err
        } finally {
          this.waiting--
        }
        const got = performance.now()
        this.inUse++
        if (this.enabled) {
          recordMs(this.#window.wait, got - asked)
          this.#window.acquires++
        }
        let released = false
        return {
          connection: lease.connection,
          release: (discard) => {
            if (released) return
            released = true
            this.inUse--
            if (this.enabled) recordMs(this.#window.hold, performance.now() - got)
            lease.release(discard)
          },
        }
      },
      close: () => db.close(),
    }
  }

  /** Starts a new window (and the gauge sampler, every 5 ms). */
  start(): void {
    this.#window = PoolProbe.#empty()
    this.#gaugeSamples = { n: 0, inUse: 0, waiting: 0 }
    this.#timer ??= setInterval(() => {
      this.#gaugeSamples.n++
      this.#gaugeSamples.inUse += this.inUse
      this.#gaugeSamples.waiting += this.waiting
    }, 5)
  }

  /** Ends the window and returns it. */
  stop(): PoolWindow {
    const { n, inUse, waiting } = this.#gaugeSamples
    const window = { ...this.#window, meanInUse: n ? inUse / n : 0, meanWaiting: n ? waiting / n : 0 }
    this.#window = PoolProbe.#empty()
    return window
  }

  dispose(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
  }

  static #empty(): PoolWindow {
    return {
      wait: latencyHistogram(),
      hold: latencyHistogram(),
      acquires: 0,
      failures: 0,
      meanInUse: 0,
      meanWaiting: 0,
    }
  }
}
