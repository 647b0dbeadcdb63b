import type { BenchOptions } from './cli.ts'
import { type Dataset, ensureDataset } from './database/dataset.ts'
import { type BenchServer, startServer } from './database/server.ts'
import { databaseEnvironment, type Environment } from './environment.ts'
import type { Progress } from './progress.ts'
import type { DatasetInfo, ScenarioResult } from './report/types.ts'

/** What a scenario gets: options, progress, and the database server and datasets, made on first use. */
export interface ScenarioContext {
  options: BenchOptions
  progress: Progress
  log(line: string): void
  environment: Environment
  server(): Promise<BenchServer>
  /** The seeded dataset at this scale (the run's seed), reused from the cache when possible */
  dataset(scale: number): Promise<Dataset>
  /** Datasets this scenario used, for its report */
  datasetsUsed: DatasetInfo[]
}

export interface Scenario {
  name: string
  run(ctx: ScenarioContext): Promise<ScenarioResult>
}

/** Shared by all scenarios of one run: one server, datasets cached by scale. */
export class RunResources {
  #server: Promise<BenchServer> | undefined
  readonly #datasets = new Map<number, Promise<Dataset>>()

  constructor(
    private readonly options: BenchOptions,
    private readonly environment: Environment,
    private readonly log: (line: string) => void,
  ) {}

  server(): Promise<BenchServer> {
    this.#server ??= startServer({
      backend: this.options.backend,
      cacheDir: this.options.cacheDir,
      env: process.env,
      log: this.log,
    })
    return this.#server
  }

  dataset(scale: number): Promise<Dataset> {
    let pending = this.#datasets.get(scale)
    if (!pending) {
      pending = (async () => {
        const server = await this.server()
        const dataset = await ensureDataset(server, {
          scale,
          seed: this.options.seed,
          maxAgeDays: 7,
          reseed: this.options.reseed,
          log: this.log,
        })
        this.environment.database ??= await databaseEnvironment(
          server,
          dataset.adminUrl,
          this.options.dbCores,
        )
        return dataset
      })()
      this.#datasets.set(scale, pending)
    }
    return pending
  }

  async close(): Promise<void> {
    const server = await this.#server?.catch(() => undefined)
    await server?.stop()
  }
}

export function datasetInfo(d: Dataset): DatasetInfo {
  return {
    name: d.name,
    scale: d.scale,
    seed: d.seed,
    today: d.today,
    reused: d.reused,
    preparedMs: d.preparedMs,
    cacheKey: d.cacheKey,
  }
}
