import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { QueryStatsSnapshot } from './query-monitor.ts'

const PREFIX = 'queries-'

/**
 * Writes the query statistics of this process to `<dir>/queries-<pid>.json` every `intervalMs`
 * (atomically: write then rename), so `zava-mcp stats` can read them from another process. A
 * stdio server has no port an operator could reach, and several may run at once (one per MCP
 * client): a file per process needs neither, and works the same for HTTP servers. Rewritten only
 * when `changes()` moved; removed on stop.
 */
export function startStatsFile(
  dir: string,
  snapshot: () => QueryStatsSnapshot,
  options: { intervalMs?: number; changes?: () => number } = {},
): { stop(): void; path: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const path = join(dir, `${PREFIX}${process.pid}.json`)
  let written = -1
  const write = () => {
    const changes = options.changes?.() ?? Number.NaN
    if (changes === written) return
    written = changes
    try {
      const tmp = `${path}.tmp`
      writeFileSync(tmp, `${JSON.stringify(snapshot())}\n`, { mode: 0o600 })
      renameSync(tmp, path)
    } catch {
      // Statistics are best effort: a full disk must not stop the server.
    }
  }
  write()
  const timer = setInterval(write, options.intervalMs ?? 5_000)
  timer.unref()
  return {
    path,
    stop() {
      clearInterval(timer)
      rmSync(path, { force: true })
    },
  }
}

export interface StatsFile {
  pid: number
  alive: boolean
  snapshot: QueryStatsSnapshot
}

/** The statistics files in `dir`, live processes first; files of dead processes are marked. */
export function readStatsFiles(dir: string): StatsFile[] {
  let names: string[]
  try {
    names = readdirSync(dir).filter((name) => name.startsWith(PREFIX) && name.endsWith('.json'))
  } catch {
    return []
  }
  const files: StatsFile[] = []
  for (const name of names) {
    try {
      const snapshot = JSON.parse(readFileSync(join(dir, name), 'utf8')) as QueryStatsSnapshot
      files.push({ pid: snapshot.pid, alive: isAlive(snapshot.pid), snapshot })
    } catch {
      // Half-written or foreign file: skip.
    }
  }
  return files.sort((a, b) => Number(b.alive) - Number(a.alive) || b.pid - a.pid)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM'
  }
}
