/** What one property did in a run. */
export interface PropertyReport {
  id: string
  title: string
  status: 'passed' | 'failed' | 'skipped'
  /** Generated cases run (up to and including the first failure). */
  cases: number
  /** Cases that could not be decided (timeouts on a large database); they count as passed. */
  inconclusive: number
  ms: number
  skipped?: string
  failure?: {
    message: string
    /** The minimal case fast-check shrank the failure to, in words. */
    counterexample: string
    shrinks: number
    /** With the seed, replays exactly this counterexample (fast-check's path). */
    path: string
  }
}

export interface IsolationReport {
  ok: boolean
  seed: number
  runs: number
  target: { backend: string; separateAppRole: boolean; faults: string[] }
  tenants: { total: number; byKind: Record<string, number>; scratch: number; stores: number }
  properties: PropertyReport[]
  elapsedMs: number
  notes: string[]
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/**
 * The short text report: one line per property, and for a failure the shrunk counterexample, the
 * reason and how to replay it. `reproduce` turns (property, path) into a command line.
 */
export function formatReport(
  report: IsolationReport,
  reproduce: (property: string, path: string) => string = (p, path) =>
    `--seed ${report.seed} --properties ${p} --path ${path}`,
): string {
  const kinds = Object.entries(report.tenants.byKind)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ')
  const lines = [
    `Isolation verification: ${report.ok ? 'PASSED' : 'FAILED'} (seed ${report.seed}, ${report.runs} runs per property, ${seconds(report.elapsedMs)})`,
    `Target: ${report.target.backend}; ${report.tenants.stores} stores; ${report.tenants.total} tenants (${kinds}${report.tenants.scratch ? `; ${report.tenants.scratch} scratch` : ''})`,
    '',
  ]
  const width = Math.max(...report.properties.map((p) => p.id.length))
  for (const p of report.properties) {
    const status = p.status === 'passed' ? 'PASS' : p.status === 'failed' ? 'FAIL' : 'SKIP'
    const detail =
      p.status === 'skipped'
        ? p.skipped
        : `${p.cases} cases${p.inconclusive ? ` (${p.inconclusive} inconclusive)` : ''} in ${seconds(p.ms)}`
    lines.push(`  ${status}  ${p.id.padEnd(width)}  ${detail}`)
    if (p.failure) {
      lines.push(`        ${p.title}`)
      lines.push(`        counterexample (after ${p.failure.shrinks} shrinks):`)
      for (const line of p.failure.counterexample.split('\n')) lines.push(`          ${line}`)
      lines.push('        why:')
      for (const line of p.failure.message.split('\n')) lines.push(`          ${line}`)
      lines.push(`        reproduce: ${reproduce(p.id, p.failure.path)}`)
    }
  }
  for (const note of report.notes) lines.push(`  note: ${note}`)
  if (!report.ok) lines.push('', `Seed to reproduce the run: ${report.seed}`)
  return lines.join('\n')
}
