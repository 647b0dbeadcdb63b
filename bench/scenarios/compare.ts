import { environmentRows } from '../lib/environment.ts'
import type { RunRecord } from '../lib/report/types.ts'
import { textTable } from '../lib/report/write.ts'

/**
 * `bun run bench compare a.json b.json`: what differs between two runs' environments, their
 * recommendations, and (same scenario) their headline figures side by side.
 */
export async function compareRuns(pathA: string, pathB: string): Promise<string> {
  const [a, b] = (await Promise.all([Bun.file(pathA).json(), Bun.file(pathB).json()])) as [
    RunRecord,
    RunRecord,
  ]
  const out: string[] = [
    `A: ${pathA}\n   ${a.title} (${a.command})`,
    `B: ${pathB}\n   ${b.title} (${b.command})`,
    '',
  ]
  const envA = new Map(environmentRows(a.environment))
  const envB = new Map(environmentRows(b.environment))
  const keys = [...new Set([...envA.keys(), ...envB.keys()])].filter(
    (k) => k !== 'started' && envA.get(k) !== envB.get(k),
  )
  out.push(
    keys.length
      ? textTable(
          ['differs', 'A', 'B'],
          keys.map((k) => [k, envA.get(k) ?? '—', envB.get(k) ?? '—']),
        )
      : 'Same environment.',
    '',
  )
  const settings = [...new Set([...a.recommendations, ...b.recommendations].map((r) => r.setting))]
  if (settings.length) {
    out.push(
      textTable(
        ['recommendation', 'A', 'B'],
        settings.map((s) => [
          s,
          String(a.recommendations.find((r) => r.setting === s)?.value ?? '—'),
          String(b.recommendations.find((r) => r.setting === s)?.value ?? '—'),
        ]),
      ),
      '',
    )
  }
  if (a.scenario === b.scenario && a.summary.columns.join() === b.summary.columns.join()) {
    const keyOf = (row: (string | number)[]) => row.slice(0, 2).join(' × ')
    const rowsB = new Map(b.summary.rows.map((r) => [keyOf(r), r]))
    const rows = a.summary.rows
      .filter((r) => rowsB.has(keyOf(r)))
      .map((r) => {
        const other = rowsB.get(keyOf(r))!
        return [keyOf(r), ...r.slice(2).map((v, i) => `${v} → ${other[i + 2]}${ratio(v, other[i + 2])}`)]
      })
    out.push(textTable([`${a.summary.columns.slice(0, 2).join(' × ')}`, ...a.summary.columns.slice(2)], rows))
  } else
    out.push(
      `Different scenarios or summaries (${a.scenario}, ${b.scenario}): only environments and recommendations compared.`,
    )
  return out.join('\n')
}

function ratio(a: unknown, b: unknown): string {
  return typeof a === 'number' && typeof b === 'number' && a !== 0
    ? ` (${b >= a ? '+' : ''}${Math.round(((b - a) / a) * 100)} %)`
    : ''
}
