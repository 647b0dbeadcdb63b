#!/usr/bin/env bun
import { parseArgs } from 'node:util'
import { ZavaError } from './errors.ts'

const USAGE = `zava-mcp — MCP server for Zava Retail analytics

Usage: zava-mcp <command> [options]

Commands:
  serve [--transport stdio|http] [--port N] [--host H] [--stateless]
                        Run the MCP server over stdio (default) or Streamable HTTP
                        (see docs/http.md); default database: embedded
  migrate               Apply sql/ migrations to DATABASE_URL (an admin URL) and install the tenant key
  seed [--scale N] [--seed N]
                        Load deterministic demo data into an empty database
  embed [--all] [--batch-size N] [--index hnsw|ivfflat|none] [--hnsw-m N] [--hnsw-ef-construction N]
                        Embed changed products (all with --all) for semantic search, then build
                        the model's vector index; resumable (DATABASE_URL: an admin URL)
  codegen [--check]     Regenerate generated/ from queries/ (--check: fail if stale)
  db-info               Open the database and print its versions
  stats [--url URL] [--json] [--all]
                        Per-query statistics (count, p50, p95, max, slow) of running servers
  verify-isolation [--database-url URL --admin-url URL] [--tenants FILE] [--runs N] [--seed N] [--json]
                        Prove tenant isolation with generated tenants and queries (docs/verify-isolation.md)

Configuration comes from the environment: see the README.`

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const log = (line: string) => process.stderr.write(`${line}\n`)
  switch (command) {
    case 'serve': {
      const { serve } = await import('./commands/serve.ts')
      return serve(rest)
    }
    case 'migrate': {
      const { migrateCommand } = await import('./commands/migrate.ts')
      return migrateCommand(rest, log)
    }
    case 'seed': {
      const { seedCommand } = await import('./commands/seed.ts')
      return seedCommand(rest, log)
    }
    case 'embed': {
      const { embedCommand } = await import('./commands/embed.ts')
      return embedCommand(rest, log)
    }
    case 'codegen': {
      const { values } = parseArgs({ args: rest, options: { check: { type: 'boolean', default: false } } })
      const { codegen } = await import('./commands/codegen.ts')
      return (await codegen({ check: values.check ?? false, log })) ? 0 : 1
    }
    case 'db-info': {
      const { dbInfo } = await import('./commands/db-info.ts')
      return dbInfo(log)
    }
    case 'stats': {
      const { statsCommand } = await import('./commands/stats.ts')
      return statsCommand(rest, (line) => process.stdout.write(`${line}\n`), log)
    }
    case 'verify-isolation': {
      const { verifyIsolationCommand } = await import('./commands/verify-isolation.ts')
      return verifyIsolationCommand(rest, log)
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`)
      return command === undefined ? 1 : 0
    default:
      log(`Unknown command '${command}'.\n\n${USAGE}`)
      return 2
  }
}

try {
  process.exitCode = await main(Bun.argv.slice(2))
} catch (err) {
  if (err instanceof ZavaError) {
    process.stderr.write(`zava-mcp: ${err.message}${err.hint ? `\n  ${err.hint}` : ''}\n`)
  } else {
    const provision = err as { name?: string; message?: string; hint?: string }
    process.stderr.write(
      `zava-mcp: ${provision.message ?? String(err)}${provision.hint ? `\n  ${provision.hint}` : ''}\n`,
    )
  }
  process.exitCode = 1
}
