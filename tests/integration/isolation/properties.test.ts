import { beforeAll, describe, it } from 'bun:test'
import { createPostgresDb, type Db } from '../../../src/data/db.ts'
import {
  formatReport,
  ISOLATION_PROPERTIES,
  type IsolationTarget,
  verifyIsolation,
} from '../../../src/service/isolation/index.ts'
import { getRetailDatabase, type RetailDatabase } from '../../support/retail-database.ts'
import { isolationRuns, isolationSeed } from './support/scratch-retail.ts'

// The isolation properties on the shared test database (a testcontainers Postgres in CI): every
// seeded store and regional manager, head office, an unknown id, and regional managers over
// random region subsets (inserted as scratch users, removed after each property).
// ISOLATION_RUNS / FC_RUNS set the cases per property (default 1000), FC_SEED the seed.
const RUNS = isolationRuns(1000)
const SEED = isolationSeed()
const TIMEOUT_MS = 15 * 60_000

let rdb: RetailDatabase
let target: IsolationTarget

beforeAll(async () => {
  rdb = await getRetailDatabase()
  const shared: Db = { ...rdb.app, close: async () => {} }
  target = {
    admin: rdb.admin,
    // PGlite has one session: the app is the admin connection, roles still apply RLS.
    openApp: (max) => (rdb.separateAppRole ? createPostgresDb(rdb.appUrl, { max }) : shared),
    signer: rdb.signer,
    timeouts: rdb.tdb.timeouts,
  }
  process.stderr.write(`[isolation] ${RUNS} cases per property, seed ${SEED} (FC_SEED=${SEED} to replay)\n`)
})

describe('tenant isolation on the shared test database', () => {
  for (const property of ISOLATION_PROPERTIES) {
    it(
      `holds: ${property.title}`,
      async () => {
        const report = await verifyIsolation(target, {
          runs: RUNS,
          seed: SEED,
          properties: [property.id],
          scratchRegionalManagers: 4,
          unknownUsers: 1,
        })
        const p = report.properties[0]!
        process.stderr.write(
          `[isolation] ${p.id}: ${p.status}, ${p.cases} cases${p.inconclusive ? ` (${p.inconclusive} inconclusive)` : ''} in ${(p.ms / 1000).toFixed(1)} s\n`,
        )
        for (const note of report.notes.filter((n) => n.startsWith('WARNING'))) {
          process.stderr.write(`[isolation] ${note}\n`)
        }
        if (!report.ok) {
          throw new Error(
            formatReport(report, (id, path) => `FC_SEED=${SEED} (property ${id}, path ${path})`),
          )
        }
      },
      TIMEOUT_MS,
    )
  }
})
