import * as hdr from 'hdr-histogram-js'
import RecordedValuesIterator from 'hdr-histogram-js/dist/RecordedValuesIterator.js'

/**
 * Latencies are recorded in microseconds into HDR histograms (3 significant digits, 1 µs to 1 hour):
 * constant memory whatever the run length, exact enough for p99.9, mergeable across windows.
 */
export type Histogram = hdr.Histogram

export function latencyHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  })
}

/** Records a duration given in milliseconds. */
export function recordMs(h: Histogram, ms: number): void {
  h.recordValue(Math.max(1, Math.round(ms * 1000)))
}

export interface LatencySummary {
  count: number
  meanMs: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  p999Ms: number
  maxMs: number
}

export function summarize(h: Histogram): LatencySummary {
  const at = (p: number) => (h.totalCount ? round(h.getValueAtPercentile(p) / 1000) : 0)
  return {
    count: h.totalCount,
    meanMs: h.totalCount ? round(h.mean / 1000) : 0,
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    p999Ms: at(99.9),
    maxMs: h.totalCount ? round(h.maxValue / 1000) : 0,
  }
}

/** How many recorded values are above `ms` (to the histogram's resolution). */
export function countAbove(h: Histogram, ms: number): number {
  const limit = ms * 1000
  let atOrBelow = 0
  const it = new RecordedValuesIterator(h as never)
  while (it.hasNext()) {
    const value = it.next()
    if (value.valueIteratedTo <= limit) atOrBelow += value.countAtValueIteratedTo
    else break
  }
  return h.totalCount - atOrBelow
}

/** Counts per bucket between the given edges (ms), for plotting a distribution. */
export function bucketCounts(h: Histogram, edgesMs: number[]): number[] {
  const counts = new Array<number>(edgesMs.length - 1).fill(0)
  const it = new RecordedValuesIterator(h as never)
  while (it.hasNext()) {
    const value = it.next()
    const ms = value.valueIteratedTo / 1000
    const i = edgesMs.findIndex((edge, k) => k > 0 && ms <= edge)
    const bucket = i === -1 ? counts.length - 1 : Math.max(0, i - 1)
    counts[bucket] = (counts[bucket] ?? 0) + value.countAtValueIteratedTo
  }
  return counts
}

export function merged(histograms: Histogram[]): Histogram {
  const out = latencyHistogram()
  for (const h of histograms) out.add(h)
  return out
}

/** Compact, lossless form for the JSON result: `decodeHistogram` gives it back for re-analysis. */
export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h)
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded) as Histogram
}

const round = (value: number) => Math.round(value * 100) / 100
