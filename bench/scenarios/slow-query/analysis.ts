import { countAbove, type Histogram, merged } from '../../lib/histogram.ts'
import { type Spread, spreadOf } from '../../lib/stats.ts'

/** Thresholds tried, in ms: a 1-2-2.5-5 series plus the steps operators usually pick. */
export const CANDIDATE_THRESHOLDS_MS = [
  5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 2500, 3000,
  4000, 5000, 7500, 10000,
]

/** One pathological query's runs at one scale. */
export interface PathologicalRuns {
  id: string
  category: string
  /** Latency of each run, ms (a run the statement timeout cancelled counts with its duration) */
  runsMs: number[]
  timedOut: number
}

/** What was measured at one data scale. */
export interface ScaleMeasurement {
  scale: number
  /** Per window: every query the monitor saw from the normal workload */
  normalWindows: Histogram[]
  /** Per window: each normal tool call's slowest query */
  callWindows: Histogram[]
  pathological: PathologicalRuns[]
}

export interface CurvePoint {
  thresholdMs: number
  /** Share of normal tool calls with a query above the threshold, pooled over the windows */
  noise: number
  /** …and per window: median and spread */
  noiseWindows: Spread
  /** Share of normal queries above the threshold (what the monitor's slow counter divides by) */
  queryNoise: number
  /** Share of pathological runs at or above the threshold */
  recall: number
}

export interface ScaleCurve {
  scale: number
  normalQueries: number
  normalCalls: number
  points: CurvePoint[]
  /** Lowest and highest thresholds with noise < maxNoise and the best recall among those */
  band: { lowMs: number; highMs: number; recall: number } | null
  recommendedMs: number | null
}

/** Noise and recall of every candidate threshold at one scale, and the threshold to recommend there. */
export function thresholdCurve(
  m: ScaleMeasurement,
  maxNoise: number,
  candidates = CANDIDATE_THRESHOLDS_MS,
): ScaleCurve {
  const queries = merged(m.normalWindows)
  const calls = merged(m.callWindows)
  const share = (h: Histogram, t: number) => (h.totalCount ? countAbove(h, t) / h.totalCount : 0)
  const runs = m.pathological.flatMap((p) => p.runsMs)
  const points = candidates.map((thresholdMs) => ({
    thresholdMs,
    noise: share(calls, thresholdMs),
    noiseWindows: spreadOf(m.callWindows.filter((h) => h.totalCount).map((h) => share(h, thresholdMs))),
    queryNoise: share(queries, thresholdMs),
    recall: runs.length ? runs.filter((ms) => ms >= thresholdMs).length / runs.length : 0,
  }))
  const base = { scale: m.scale, normalQueries: queries.totalCount, normalCalls: calls.totalCount, points }
  const quiet = points.filter((p) => p.noise < maxNoise)
  if (quiet.length === 0) return { ...base, band: null, recommendedMs: null }
  const bestRecall = Math.max(...quiet.map((p) => p.recall))
  const band = quiet.filter((p) => p.recall === bestRecall).map((p) => p.thresholdMs)
  const lowMs = Math.min(...band)
  const highMs = Math.max(...band)
  return {
    ...base,
    band: { lowMs, highMs, recall: bestRecall },
    recommendedMs: middleOf(band, lowMs, highMs),
  }
}

/**
 * Every threshold in the band flags the same pathological runs; the one in the (geometric) middle
 * keeps the most margin on both sides: normal queries that slow down a little, pathological ones
 * that get a little faster.
 */
function middleOf(band: number[], lowMs: number, highMs: number): number {
  const mid = Math.sqrt(lowMs * highMs)
  return band.reduce((best, t) => (Math.abs(Math.log(t / mid)) < Math.abs(Math.log(best / mid)) ? t : best))
}

/** The scale whose threshold is recommended: the largest measured (closest to production data). */
export function targetCurve(curves: ScaleCurve[]): ScaleCurve | undefined {
  return [...curves].sort((a, b) => b.scale - a.scale)[0]
}
