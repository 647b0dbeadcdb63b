import { afterAll, beforeAll, describe, it } from 'bun:test'
import { formatReport, ISOLATION_PROPERTIES, verifyIsolation } from '../../../src/service/isolation/index.ts'
import {
  isolationRuns,
  isolationSeed,
  provisionScratchRetail,
  type ScratchRetail,
} from './support/scratch-retail.ts'

// The properties on data built for the hard cases (support/edge-data.ts): twin stores with
// identical values (in one region and across two), a store without any data, one with stock
// only, one with only cancelled and returned orders, a region without stores, and regional
// managers over random region subsets. A scratch database of its own; the shared one has none
// of these. Cases per property: a third of ISOLATION_RUNS / FC_RUNS (default 300).
const RUNS = Math.max(50, Math.round(isolationRuns(900) / 3))
const SEED = isolationSeed()
const TIMEOUT_MS = 10 * 60_000

let db: ScratchRetail

beforeAll(async () => {
  db = await provisionScratchRetail('edge')
})

afterAll(async () => {
  await db?.stop()
})

describe('tenant isolation on edge-case data', () => {
  it(
    'holds for every property',
    async () => {
      const report = await verifyIsolation(db.target(), {
        runs: RUNS,
        seed: SEED,
        scratchRegionalManagers: 6,
        unknownUsers: 2,
      })
      for (const p of report.properties) {
        process.stderr.write(
          `[isolation edge] ${p.id}: ${p.status}, ${p.cases} cases in ${(p.ms / 1000).toFixed(1)} s\n`,
        )
      }
      if (!report.ok)
        throw new Error(formatReport(report, (id, path) => `FC_SEED=${SEED} (property ${id}, path ${path})`))
      if (report.properties.length !== ISOLATION_PROPERTIES.length) throw new Error('a property did not run')
    },
    TIMEOUT_MS,
  )
})
