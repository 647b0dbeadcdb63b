import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import * as vega from 'vega'
import * as vl from 'vega-lite'
import { type Environment, environmentRows } from '../environment.ts'
import type { DatasetInfo, RunRecord, ScenarioResult } from './types.ts'

export interface WrittenRun {
  json: string
  markdown: string
  plots: string[]
  record: RunRecord
}

/**
 * Writes `<dir>/<scenario>-<timestamp>.json`, a Markdown report next to it and one SVG per plot
 * (Vega-Lite compiled and rendered headless by Vega, no browser).
 */
export async function writeRun(
  dir: string,
  result: ScenarioResult,
  context: {
    command: string
    options: Record<string, unknown>
    environment: Environment
    datasets: DatasetInfo[]
    durationMs: number
  },
): Promise<WrittenRun> {
  mkdirSync(dir, { recursive: true })
  const stamp = context.environment.startedAt.replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')
  const base = `${result.scenario}-${stamp}`
  const plots: RunRecord['plots'] = []
  for (const plot of result.plots) {
    const file = `${base}-${plot.name}.svg`
    await Bun.write(join(dir, file), await renderSvg(plot.spec))
    plots.push({ name: plot.name, title: plot.title, file })
  }
  const record: RunRecord = {
    schemaVersion: 1,
    scenario: result.scenario,
    title: result.title,
    command: context.command,
    options: context.options,
    environment: context.environment,
    datasets: context.datasets,
    durationMs: Math.round(context.durationMs),
    summary: result.summary,
    recommendations: result.recommendations,
    notes: result.notes,
    plots,
    data: result.data,
  }
  const json = join(dir, `${base}.json`)
  const markdown = join(dir, `${base}.md`)
  await Bun.write(json, `${JSON.stringify(record, null, 2)}\n`)
  await Bun.write(markdown, renderMarkdown(result, record, `${base}.json`))
  return { json, markdown, plots: plots.map((p) => join(dir, p.file)), record }
}

export async function renderSvg(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

function renderMarkdown(result: ScenarioResult, record: RunRecord, jsonFile: string): string {
  const out: string[] = [`# ${result.title}`, '', result.method, '']
  if (result.recommendations.length) {
    out.push('## Recommendation', '')
    for (const r of result.recommendations) {
      out.push(`- **${r.setting}: ${r.value}**${r.configLine ? ` — \`${r.configLine}\`` : ''}. ${r.why}`)
    }
    out.push('')
  }
  out.push('## Summary', '', table(result.summary.columns, result.summary.rows), '')
  for (const plot of record.plots) {
    const caption = result.plots.find((p) => p.name === plot.name)?.caption
    out.push(`### ${plot.title}`, '', `![${plot.title}](${plot.file})`, '')
    if (caption) out.push(caption, '')
  }
  for (const section of result.sections) out.push(`## ${section.title}`, '', section.markdown.trim(), '')
  if (result.notes.length) {
    out.push('## Notes', '')
    for (const note of result.notes) out.push(`- ${note}`)
    out.push('')
  }
  out.push('## Environment', '', table(['', ''], environmentRows(record.environment)), '')
  if (record.datasets.length) {
    out.push(
      table(
        ['dataset', 'scale', 'seed', 'data up to', 'prepared'],
        record.datasets.map((d) => [
          d.name,
          d.scale,
          d.seed,
          d.today,
          d.reused ? 'reused from cache' : `seeded in ${(d.preparedMs / 1000).toFixed(1)} s`,
        ]),
      ),
      '',
    )
  }
  out.push(
    `Command: \`${record.command}\` — took ${(record.durationMs / 1000).toFixed(0)} s. Raw figures: \`${jsonFile}\`.`,
    '',
  )
  return out.join('\n')
}

/** A Markdown table; numbers are right-aligned. */
export function table(columns: string[], rows: (string | number)[][]): string {
  const align = columns.map((_, i) => (rows.every((r) => typeof r[i] === 'number') ? '---:' : '---'))
  const cell = (v: string | number | undefined) => String(v ?? '').replaceAll('|', '\\|')
  return [
    `| ${columns.map(cell).join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...rows.map((r) => `| ${columns.map((_, i) => cell(r[i])).join(' | ')} |`),
  ].join('\n')
}

/** The summary as an aligned plain-text table for the terminal. */
export function textTable(columns: string[], rows: (string | number)[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => String(r[i] ?? '').length)))
  const line = (cells: (string | number | undefined)[]) =>
    cells
      .map((v, i) =>
        typeof v === 'number' ? String(v).padStart(widths[i]!) : String(v ?? '').padEnd(widths[i]!),
      )
      .join('  ')
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}
