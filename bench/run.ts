/**
 * `bun run bench <scenario> [options]`: provisions (or reuses) a seeded database, runs the scenario,
 * and writes bench/results/<scenario>-<timestamp>.json, a Markdown report and SVG plots.
 * `bun run bench --help` lists scenarios and options; docs/bench.md explains them.
 */
import { relative } from 'node:path'
import { type BenchOptions, parseCli, type ScenarioName, UsageError } from './lib/cli.ts'
import { RunResources, type ScenarioContext } from './lib/context.ts'
import { machineEnvironment } from './lib/environment.ts'
import { Progress } from './lib/progress.ts'
import type { ScenarioResult } from './lib/report/types.ts'
import { textTable, writeRun } from './lib/report/write.ts'
import { compareRuns } from './scenarios/compare.ts'
import { runEmbedded } from './scenarios/embedded.ts'
import { runOverhead } from './scenarios/overhead.ts'
import { runPool } from './scenarios/pool/index.ts'
import { runSlowQuery } from './scenarios/slow-query/index.ts'
import { runSqlGuard } from './scenarios/sql-guard.ts'

const scenarios: Record<ScenarioName, (ctx: ScenarioContext) => Promise<ScenarioResult>> = {
  pool: runPool,
  'slow-query': runSlowQuery,
  overhead: runOverhead,
  'sql-guard': runSqlGuard,
  embedded: runEmbedded,
}

async function main(argv: string[]): Promise<number> {
  let options: BenchOptions
  try {
    options = parseCli(argv, process.env)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    ;(err.exitCode === 0 ? process.stdout : process.stderr).write(`${err.message}\n`)
    return err.exitCode
  }
  if (options.compare) {
    process.stdout.write(`${await compareRuns(...options.compare)}\n`)
    return 0
  }
  const progress = new Progress(options.progress)
  const log = (line: string) => progress.log(line)
  const environment = await machineEnvironment()
  const resources = new RunResources(options, environment, log)
  let failed = 0
  try {
    for (const name of options.scenarios) {
      const started = performance.now()
      const ctx: ScenarioContext = {
        options,
        progress,
        log,
        environment,
        server: () => resources.server(),
        dataset: (scale) => resources.dataset(scale),
        datasetsUsed: [],
      }
      try {
        const result = await scenarios[name](ctx)
        const durationMs = performance.now() - started
        const written = await writeRun(options.outDir, result, {
          command: options.command,
          options: { ...options, scenarios: [name] },
          environment: { ...environment, startedAt: new Date(Date.now() - durationMs).toISOString() },
          datasets: ctx.datasetsUsed,
          durationMs,
        })
        progress.stop()
        printSummary(result, written, durationMs)
      } catch (err) {
        failed++
        progress.stop()
        process.stderr.write(
          `\nscenario ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
        )
      }
    }
  } finally {
    progress.stop()
    await resources.close()
  }
  return failed ? 1 : 0
}

function printSummary(
  result: ScenarioResult,
  written: Awaited<ReturnType<typeof writeRun>>,
  durationMs: number,
): void {
  const out: string[] = ['', `${result.title} (${(durationMs / 1000).toFixed(0)} s)`, '']
  out.push(textTable(result.summary.columns, result.summary.rows), '')
  for (const r of result.recommendations) {
    out.push(
      `Recommended ${r.setting}: ${r.value}${r.configLine ? `   ->   ${r.configLine}` : ''}`,
      `  ${r.why}`,
    )
  }
  for (const note of result.notes) out.push(`Note: ${note}`)
  const rel = (path: string) => relative(process.cwd(), path)
  out.push('', `Report: ${rel(written.markdown)}`, `Data:   ${rel(written.json)}`)
  if (written.plots.length) out.push(`Plots:  ${written.plots.map(rel).join('\n        ')}`)
  process.stdout.write(`${out.join('\n')}\n`)
}

process.exitCode = await main(process.argv.slice(2))
