import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ValidationError } from '../errors.ts'
import { loadConfig } from '../infra/config.ts'
import type { QueryStatsSnapshot } from '../infra/query-monitor.ts'
import { readStatsFiles } from '../infra/stats-file.ts'

/**
 * `zava-mcp stats [--url URL] [--json] [--all]`: per-query statistics of running servers. By
 * default from the files each server writes every 5 s in STATS_DIR (default <data dir>/stats), one
 * per process: works for stdio servers, which have no port. `--url` reads one server's metrics
 * port instead (`http://127.0.0.1:9464`, its /stats). `--all` includes files of servers that died.
 */
export async function statsCommand(
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      json: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
    },
  })
  let snapshots: { label: string; snapshot: QueryStatsSnapshot }[]
  if (values.url) {
    const url = new URL('/stats', values.url)
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) })
    if (!response.ok)
      throw new ValidationError(`${url} answered ${response.status}.`, 'Is METRICS_PORT right?')
    const snapshot = (await response.json()) as QueryStatsSnapshot
    snapshots = [{ label: `${url.host} (pid ${snapshot.pid})`, snapshot }]
  } else {
    const config = loadConfig()
    const dir = config.STATS_DIR ?? join(config.dataDir, 'stats')
    const files = readStatsFiles(dir).filter((file) => values.all || file.alive)
    if (files.length === 0) {
      err(`No running server has written statistics in ${dir}.`)
      return 1
    }
    snapshots = files.map((file) => ({
      label: `pid ${file.pid}${file.alive ? '' : ' (not running)'}`,
      snapshot: file.snapshot,
    }))
  }
  if (values.json) {
    out(
      JSON.stringify(
        snapshots.map((s) => s.snapshot),
        null,
        2,
      ),
    )
    return 0
  }
  for (const { label, snapshot } of snapshots) {
    out(
      `${label}: since ${snapshot.started_at}, as of ${snapshot.generated_at}; slow over ${snapshot.slow_query_ms} ms`,
    )
    out(formatTable(snapshot))
    out('')
  }
  return 0
}

/** A plain-text table, busiest query first. */
export function formatTable(snapshot: QueryStatsSnapshot): string {
  const header = ['query', 'count', 'errors', 'slow', 'p50 ms', 'p95 ms', 'max ms']
  const rows = snapshot.queries.map((q) => [
    q.query,
    String(q.count),
    String(q.errors),
    String(q.slow),
    q.p50_ms.toFixed(1),
    q.p95_ms.toFixed(1),
    q.max_ms.toFixed(1),
  ])
  if (rows.length === 0) return '  (no queries yet)'
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`
  return [line(header), ...rows.map(line)].join('\n')
}
