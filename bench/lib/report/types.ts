import type { TopLevelSpec } from 'vega-lite'
import type { Environment } from '../environment.ts'

export interface Plot {
  /** File-name part: <scenario>-<timestamp>-<name>.svg */
  name: string
  title: string
  spec: TopLevelSpec
  caption?: string
}

/** A setting the run recommends, with the line to put in the configuration. */
export interface Recommendation {
  setting: string
  value: string | number
  configLine?: string
  why: string
}

/** What a scenario hands back; the runner writes it as JSON, Markdown and SVG. */
export interface ScenarioResult {
  scenario: string
  title: string
  /** How it was measured, for the report's first paragraph */
  method: string
  summary: { columns: string[]; rows: (string | number)[][] }
  recommendations: Recommendation[]
  sections: { title: string; markdown: string }[]
  plots: Plot[]
  /** Caveats: noise, errors, skipped parts */
  notes: string[]
  /** Everything measured, for the JSON file */
  data: Record<string, unknown>
}

export interface DatasetInfo {
  name: string
  scale: number
  seed: number
  today: string
  reused: boolean
  preparedMs: number
  cacheKey: string
}

/** The JSON file of one run. */
export interface RunRecord {
  schemaVersion: 1
  scenario: string
  title: string
  command: string
  options: Record<string, unknown>
  environment: Environment
  datasets: DatasetInfo[]
  durationMs: number
  summary: ScenarioResult['summary']
  recommendations: Recommendation[]
  notes: string[]
  plots: { name: string; title: string; file: string }[]
  data: Record<string, unknown>
}
