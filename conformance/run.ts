#!/usr/bin/env bun
/**
 * Runs the MCP conformance suite (@modelcontextprotocol/conformance, under Bun) against the HTTP
 * transport on a free loopback port, and exits non-zero on any unexpected failure or stale
 * expected failure.
 *
 *   bun conformance/run.ts [--stateless] [--scenario NAME] [--verbose]
 *
 * Database: DATABASE_URL (+ ZAVA_TENANT_KEY) when set, else a throwaway embedded database.
 *
 * The suite's client cannot send credentials, so the server is fronted by a loopback relay that
 * adds a valid HS256 bearer token to every request and forwards it untouched otherwise (Host and
 * Origin included). Everything behind it is the production path: Host/Origin checks, token
 * verification, caller resolution by the database, sessions, the SDK transport.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { SignJWT } from 'jose'
import { openRuntime, type Runtime } from '../src/app.ts'
import { DEMO_USERS } from '../src/data/seed/index.ts'
import { resolveCaller } from '../src/data/with-tenant.ts'
import { loadConfig } from '../src/infra/config.ts'
import { createLogger, type Logger } from '../src/infra/log.ts'
import { databaseProbe } from '../src/protocol/http/probes.ts'
import { resolveHttpSettings } from '../src/protocol/http/settings.ts'
import { startHttpServer } from '../src/protocol/http/start.ts'

const ROOT = join(import.meta.dir, '..')
export const EXPECTED_FAILURES = {
  stateful: join(import.meta.dir, 'expected-failures.yml'),
  stateless: join(import.meta.dir, 'expected-failures.stateless.yml'),
}

export interface ConformanceOptions {
  runtime: Pick<Runtime, 'services' | 'tdb'>
  stateless: boolean
  scenario?: string
  /** Prints every check as JSON. */
  verbose?: boolean
  /** The whole suite is stopped after this long (default 5 minutes). */
  timeoutMs?: number
  log: Logger
}

export interface ConformanceResult {
  /** The suite's exit code: 0 when every failure is expected and every expectation still fails. */
  code: number
  output: string
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const secret = crypto.randomUUID() + crypto.randomUUID()
  const audience = 'urn:zava-mcp:conformance'
  const settings = resolveHttpSettings(
    loadConfig({
      JWT_SECRET: secret,
      JWT_AUDIENCE: audience,
      HTTP_PORT: '0',
      // The suite opens dozens of sessions in seconds: limits are not what it checks.
      RATE_LIMIT_PER_MINUTE: '0',
    }),
    { stateless: options.stateless },
  )
  const server = await startHttpServer({
    settings,
    services: options.runtime.services,
    resolveCaller: (rlsUserId) => resolveCaller(options.runtime.tdb, rlsUserId),
    probes: [await databaseProbe(options.runtime.tdb.db)],
    log: options.log,
  })
  const token = await new SignJWT({ sub: DEMO_USERS.headOffice.rlsUserId, aud: audience })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret))
  const relay = startTokenRelay(new URL(server.url), token)
  const outputDir = mkdtempSync(join(tmpdir(), 'zava-conformance-'))
  try {
    const args = [
      join(ROOT, 'node_modules', '.bin', 'conformance'),
      'server',
      '--url',
      `http://127.0.0.1:${relay.port}/mcp`,
      '-o',
      outputDir,
      ...(options.verbose ? ['--verbose'] : []),
      ...(options.scenario
        ? ['--scenario', options.scenario]
        : [
            '--expected-failures',
            options.stateless ? EXPECTED_FAILURES.stateless : EXPECTED_FAILURES.stateful,
          ]),
    ]
    const proc = Bun.spawn(['bun', ...args], { cwd: ROOT, stdout: 'pipe', stderr: 'pipe', env: process.env })
    const timer = setTimeout(() => proc.kill(), options.timeoutMs ?? 300_000)
    const [stdout, stderr, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ])
    clearTimeout(timer)
    return { code, output: `${stdout}${stderr}` }
  } finally {
    await relay.stop(true)
    await server.stop()
    rmSync(outputDir, { recursive: true, force: true })
  }
}

/** Forwards every request to `upstream` with `Authorization: Bearer <token>` added. */
function startTokenRelay(upstream: URL, token: string) {
  return Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    idleTimeout: 60,
    async fetch(request) {
      const url = new URL(request.url)
      const headers = new Headers(request.headers)
      headers.set('authorization', `Bearer ${token}`)
      return fetch(`${upstream.origin}${url.pathname}${url.search}`, {
        method: request.method,
        headers,
        body: request.body,
        redirect: 'manual',
        signal: request.signal,
      })
    },
  })
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: {
      stateless: { type: 'boolean', default: false },
      scenario: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  })
  const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'zava-conformance-db-'))
  const config = loadConfig({
    EMBEDDINGS_PROVIDER: 'none',
    LOG_LEVEL: 'warn',
    ZAVA_SEED_SCALE: '0.01',
    ...process.env,
    ...(dataDir ? { ZAVA_DATA_DIR: dataDir } : {}),
  })
  const log = createLogger(config.LOG_LEVEL)
  const runtime = await openRuntime(config, log)
  let code = 1
  try {
    const result = await runConformance({
      runtime,
      stateless: values.stateless ?? false,
      scenario: values.scenario,
      verbose: values.verbose,
      log,
    })
    process.stdout.write(result.output)
    code = result.code
  } finally {
    await runtime.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
  process.exit(code)
}
