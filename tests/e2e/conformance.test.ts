import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { runConformance } from '../../conformance/run.ts'
import { openRuntime, type Runtime } from '../../src/app.ts'
import { DEMO_USERS } from '../../src/data/seed/index.ts'
import { loadConfig } from '../../src/infra/config.ts'
import { createLogger } from '../../src/infra/log.ts'
import { serverEnv } from '../support/mcp-client.ts'
import { getRetailDatabase } from '../support/retail-database.ts'

const SUITE_TIMEOUT_MS = 120_000

describe('the MCP conformance suite over HTTP', () => {
  let runtime: Runtime
  const log = createLogger('silent')

  beforeAll(async () => {
    const rdb = await getRetailDatabase()
    const config = loadConfig({
      ...serverEnv(rdb, DEMO_USERS.headOffice.rlsUserId),
      EMBEDDINGS_PROVIDER: 'none',
    })
    runtime = await openRuntime(config, log)
  })
  afterAll(() => runtime.close())

  for (const stateless of [false, true]) {
    const mode = stateless ? 'stateless' : 'stateful'
    it(
      `passes every applicable scenario in ${mode} mode, failing only the listed ones`,
      async () => {
        const result = await runConformance({ runtime, stateless, timeoutMs: SUITE_TIMEOUT_MS, log })
        if (result.code !== 0) console.error(result.output)
        expect(result.output).toContain('Baseline check passed')
        for (const scenario of [
          'server-initialize',
          'ping',
          'tools-list',
          'logging-set-level',
          'dns-rebinding-protection',
        ]) {
          expect(result.output).toMatch(new RegExp(`✓ ${scenario}: [1-9]\\d* passed, 0 failed`))
        }
        if (!stateless) expect(result.output).toMatch(/✓ server-sse-multiple-streams: 2 passed, 0 failed/)
        expect(result.code).toBe(0)
      },
      SUITE_TIMEOUT_MS + 30_000,
    )
  }
})
