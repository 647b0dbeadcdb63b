/** One dependency's state, as /readyz shows it: a word, never an error message or address. */
export interface ProbeResult {
  ok: boolean
  state: string
}

/** Checks one or more related dependencies in one go (e.g. the database and its migrations). */
export interface Probe {
  /** The checks this probe reports, in order: what is shown when it throws or times out. */
  names: readonly string[]
  check(): Promise<Record<string, ProbeResult>>
}

export interface Readiness {
  ready: boolean
  checks: Record<string, ProbeResult>
}

/**
 * Runs the readiness probes at most once per `cacheMs` (probes every second from an orchestrator
 * cost one database round trip, whatever the number of probers), each bounded by `timeoutMs`.
 * A probe that throws or times out reports 'unavailable' or 'timeout'; its error is not shown.
 */
export class ReadinessCheck {
  #cached: { at: number; result: Promise<Readiness> } | undefined

  constructor(
    private readonly probes: readonly Probe[],
    private readonly cacheMs = 1_000,
    private readonly timeoutMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  check(): Promise<Readiness> {
    const now = this.now()
    if (this.#cached && now - this.#cached.at < this.cacheMs) return this.#cached.result
    const result = this.#run()
    this.#cached = { at: now, result }
    return result
  }

  async #run(): Promise<Readiness> {
    const results = await Promise.all(this.probes.map((probe) => this.#probe(probe)))
    const checks: Record<string, ProbeResult> = Object.assign({}, ...results)
    return { ready: Object.values(checks).every((r) => r.ok), checks }
  }

  async #probe(probe: Probe): Promise<Record<string, ProbeResult>> {
    const all = (state: string) => Object.fromEntries(probe.names.map((name) => [name, { ok: false, state }]))
    let timer: Timer | undefined
    const timeout = new Promise<Record<string, ProbeResult>>((resolve) => {
      timer = setTimeout(() => resolve(all('timeout')), this.timeoutMs)
    })
    try {
      return await Promise.race([probe.check().catch(() => all('unavailable')), timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}
