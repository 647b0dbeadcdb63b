import cliProgress from 'cli-progress'

/**
 * One progress bar for the whole run on stderr (TTY only), with log lines printed above it.
 * Without a TTY (CI, pipes) it prints the log lines and one line per finished step instead.
 */
export class Progress {
  readonly #multi: cliProgress.MultiBar | undefined
  #bar: cliProgress.SingleBar | undefined
  #total = 0
  #done = 0
  #started = performance.now()

  constructor(enabled: boolean) {
    this.#multi = enabled
      ? new cliProgress.MultiBar(
          {
            format: ' {bar} {percentage}% | {step} | elapsed {duration_formatted}, ETA {eta_formatted}',
            hideCursor: true,
            clearOnComplete: true,
            etaBuffer: 20,
            fps: 5,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined
  }

  /** Starts a run of `total` equal steps (e.g. pool cells). */
  begin(total: number, step: string): void {
    this.#total = total
    this.#done = 0
    this.#started = performance.now()
    if (this.#multi) {
      this.#bar?.stop()
      if (this.#bar) this.#multi.remove(this.#bar)
      this.#bar = this.#multi.create(total, 0, { step })
    } else this.log(`${step} (${total} steps)`)
  }

  /** Progress within the current step, 0..1. */
  within(fraction: number, step?: string): void {
    this.#bar?.update(this.#done + Math.min(1, fraction), step ? { step } : undefined)
  }

  stepDone(summary: string): void {
    this.#done++
    if (this.#bar) {
      this.#bar.update(this.#done, { step: summary })
      this.log(`  ${summary}`)
    } else {
      const elapsed = ((performance.now() - this.#started) / 1000).toFixed(0)
      this.log(`  [${this.#done}/${this.#total}, ${elapsed} s] ${summary}`)
    }
  }

  log(line: string): void {
    if (this.#multi) this.#multi.log(`${line}\n`)
    else process.stderr.write(`${line}\n`)
  }

  stop(): void {
    this.#multi?.stop()
  }
}
