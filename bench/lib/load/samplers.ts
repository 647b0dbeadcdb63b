import { readdirSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import pg from 'pg'

/** What the database's own view (pg_stat_activity) said about the stack's connections, on average. */
export interface ActivityWindow {
  samples: number
  /** Running a statement and not waiting on anything: on a CPU or in its run queue */
  activeOnCpu: number
  /** Running a statement but waiting (lock, LWLock, I/O, …) */
  activeWaiting: number
  /** Inside a transaction, waiting for the application's next statement */
  idleInTransaction: number
  idle: number
  /** Highest number of `active` connections seen in one sample */
  maxActive: number
  /** Wait events seen on active connections, with how many samples saw each */
  waitEvents: Record<string, number>
}

const ACTIVITY_SQL = `
  SELECT state, wait_event_type, wait_event FROM pg_stat_activity
  WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`

/** Samples pg_stat_activity every `everyMs` from its own admin connection. */
export class ActivitySampler {
  #client: pg.Client | undefined
  #timer: ReturnType<typeof setInterval> | undefined
  #busy = false
  #acc = ActivitySampler.#empty()

  constructor(
    private readonly adminUrl: string,
    private readonly applicationName: string,
    private readonly everyMs = 100,
  ) {}

  async open(): Promise<void> {
    this.#client = new pg.Client({ connectionString: this.adminUrl, application_name: 'zava-bench-sampler' })
    await this.#client.connect()
  }

  start(): void {
    this.#acc = ActivitySampler.#empty()
    this.#timer ??= setInterval(() => void this.#sample(), this.everyMs)
  }

  stop(): ActivityWindow {
    const acc = this.#acc
    this.#acc = ActivitySampler.#empty()
    const n = acc.samples || 1
    return {
      samples: acc.samples,
      activeOnCpu: acc.activeOnCpu / n,
      activeWaiting: acc.activeWaiting / n,
      idleInTransaction: acc.idleInTransaction / n,
      idle: acc.idle / n,
      maxActive: acc.maxActive,
      waitEvents: acc.waitEvents,
    }
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
    await this.#client?.end().catch(() => {})
  }

  async #sample(): Promise<void> {
    if (this.#busy || !this.#client) return
    this.#busy = true
    const acc = this.#acc
    try {
      const { rows } = await this.#client.query(ACTIVITY_SQL, [this.applicationName])
      let active = 0
      for (const row of rows as {
        state: string | null
        wait_event_type: string | null
        wait_event: string | null
      }[]) {
        if (row.state === 'active') {
          active++
          if (row.wait_event_type) {
            acc.activeWaiting++
            const key = `${row.wait_event_type}:${row.wait_event}`
            acc.waitEvents[key] = (acc.waitEvents[key] ?? 0) + 1
          } else acc.activeOnCpu++
        } else if (row.state?.startsWith('idle in transaction')) acc.idleInTransaction++
        else if (row.state === 'idle') acc.idle++
      }
      acc.maxActive = Math.max(acc.maxActive, active)
      acc.samples++
    } catch {
      // a failed sample is skipped
    } finally {
      this.#busy = false
    }
  }

  static #empty() {
    return {
      samples: 0,
      activeOnCpu: 0,
      activeWaiting: 0,
      idleInTransaction: 0,
      idle: 0,
      maxActive: 0,
      waitEvents: {} as Record<string, number>,
    }
  }
}

/** CPU used during a window, in cores (2.0 = two cores busy all the time). */
export interface CpuWindow {
  cores: number
  /** Whole machine (from /proc/stat) */
  machine: number
  /** This process: MCP server, services, driver and the load generator itself */
  benchProcess: number
  /** The bench server's postmaster and its children, when its pid is known (local backend) */
  postgres: number | null
  /** Everything else on the machine: other people's work, i.e. noise */
  other: number
}

const CLOCK_TICKS = 100

/** Attributes the machine's CPU time to this process, the bench's PostgreSQL, and everything else. */
export class CpuSampler {
  #start: { at: number; machine: number; self: number; postgres: number } | undefined

  constructor(private readonly postmasterPid?: number) {}

  start(): void {
    this.#start = this.#read()
  }

  stop(): CpuWindow {
    const end = this.#read()
    const start = this.#start ?? end
    const seconds = Math.max(1e-3, (end.at - start.at) / 1000)
    const machine = (end.machine - start.machine) / seconds
    const benchProcess = (end.self - start.self) / seconds
    const postgres = this.postmasterPid ? Math.max(0, (end.postgres - start.postgres) / seconds) : null
    return {
      cores: availableParallelism(),
      machine: round(machine),
      benchProcess: round(benchProcess),
      postgres: postgres === null ? null : round(postgres),
      other: round(Math.max(0, machine - benchProcess - (postgres ?? 0))),
    }
  }

  #read() {
    const usage = process.cpuUsage()
    return {
      at: performance.now(),
      machine: machineBusySeconds(),
      self: (usage.user + usage.system) / 1e6,
      postgres: this.postmasterPid ? treeCpuSeconds(this.postmasterPid) : 0,
    }
  }
}

/** Busy CPU seconds of the whole machine since boot (everything but idle and iowait). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const [, user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .map(Number)
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS
}

/** CPU seconds of a process and its direct children (a postmaster's backends). */
function treeCpuSeconds(rootPid: number): number {
  let ticks = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const pid = Number(entry)
      const ppid = Number(fields[1])
      if (pid === rootPid || ppid === rootPid) ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // gone meanwhile
    }
  }
  return ticks / CLOCK_TICKS
}

/** Busy share of the machine over `ms` while the bench does nothing: how loaded it is by others. */
export async function backgroundLoad(
  ms: number,
): Promise<{ cores: number; busyCores: number; loadavg1: number }> {
  const start = machineBusySeconds()
  const at = performance.now()
  await Bun.sleep(ms)
  const busy = (machineBusySeconds() - start) / ((performance.now() - at) / 1000)
  const loadavg1 = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0])
  return { cores: availableParallelism(), busyCores: round(busy), loadavg1 }
}

const round = (value: number) => Math.round(value * 100) / 100
