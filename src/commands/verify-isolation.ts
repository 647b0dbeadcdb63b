import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { openRuntime } from '../app.ts'
import { createPostgresDb, type Db } from '../data/db.ts'
import { TenantSigner } from '../data/tenant-context.ts'
import { ConfigurationError, ValidationError } from '../errors.ts'
import { loadConfig } from '../infra/config.ts'
import { createLogger } from '../infra/log.ts'
import {
  formatReport,
  ISOLATION_PROPERTIES,
  type IsolationTarget,
  type TenantSelection,
  verifyIsolation,
} from '../service/isolation/index.ts'

/** The --tenants file: who to act as, and (optionally) where the databases are. */
export const TenantsFile = z
  .object({
    users: z
      .union([z.literal('all'), z.array(z.guid()).min(1)])
      .default('all')
      .describe('"all" (every user in tenancy.users) or a list of RLS user ids'),
    max_users: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('With "all": test at most this many, every kind kept'),
    unknown_users: z
      .number()
      .int()
      .min(0)
      .max(20)
      .default(1)
      .describe('Ids absent from tenancy.users (must see nothing)'),
    scratch_regional_managers: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(0)
      .describe(
        'Regional managers over random region subsets, inserted with the admin URL and deleted afterwards',
      ),
    database_url: z.string().optional().describe('App URL (zava_app); --database-url and DATABASE_URL win'),
    admin_url: z
      .string()
      .optional()
      .describe('Oracle URL (bypasses RLS); --admin-url and ZAVA_ADMIN_URL win'),
  })
  .strict()
export type TenantsFile = z.infer<typeof TenantsFile>

const DEFAULT_RUNS = 200

/**
 * `zava-mcp verify-isolation`: runs the isolation properties against a database and prints a
 * report; exit code 1 when a property fails. See docs/verify-isolation.md.
 */
export async function verifyIsolationCommand(args: string[], log: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'database-url': { type: 'string' },
      'admin-url': { type: 'string' },
      tenants: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
      properties: { type: 'string' },
      path: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  })
  const file = values.tenants ? readTenantsFile(values.tenants) : TenantsFile.parse({})
  const runs = positiveInt(
    '--runs',
    values.runs ?? process.env.ISOLATION_RUNS ?? process.env.FC_RUNS ?? `${DEFAULT_RUNS}`,
  )
  const seed = values.seed ?? process.env.FC_SEED
  const seedValue = seed === undefined ? Date.now() % 2 ** 31 : nonNegativeInt('--seed', seed)
  const properties = values.properties?.split(',').map((p) => p.trim())
  const known = ISOLATION_PROPERTIES.map((p) => p.id)
  const unknown = properties?.filter((p) => !known.includes(p)) ?? []
  if (unknown.length > 0) {
    throw new ValidationError(
      `Unknown properties: ${unknown.join(', ')}.`,
      `Choose from ${known.join(', ')}.`,
    )
  }
  const progress = values.quiet ? () => {} : (line: string) => log(`verify-isolation: ${line}`)
  const target = await openTarget(values['database-url'], values['admin-url'], file, progress)
  try {
    const report = await verifyIsolation(target.target, {
      runs,
      seed: seedValue,
      tenants: tenantSelection(file),
      scratchRegionalManagers: file.scratch_regional_managers,
      unknownUsers: file.unknown_users,
      ...(properties ? { properties } : {}),
      ...(values.path ? { path: values.path } : {}),
      log: progress,
    })
    const reproduce = (property: string, path: string) =>
      `zava-mcp verify-isolation ${target.flags}${values.tenants ? `--tenants ${values.tenants} ` : ''}--seed ${report.seed} --properties ${property} --path ${path}`
    if (values.json) {
      const failures = report.properties
        .filter((p) => p.failure)
        .map((p) => ({ property: p.id, reproduce: reproduce(p.id, p.failure!.path) }))
      process.stdout.write(`${JSON.stringify({ ...report, reproduce: failures }, null, 2)}\n`)
    } else {
      process.stdout.write(`${formatReport(report, reproduce)}\n`)
    }
    return report.ok ? 0 : 1
  } finally {
    await target.close()
  }
}

function readTenantsFile(path: string): TenantsFile {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new ValidationError(
      `Cannot read the tenants file ${path}: ${(err as Error).message}`,
      'Pass a JSON file (see docs/verify-isolation.md).',
    )
  }
  const parsed = TenantsFile.safeParse(raw)
  if (!parsed.success) {
    throw new ValidationError(
      `The tenants file ${path} is invalid:\n  ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('\n  ')}`,
      'See docs/verify-isolation.md for its fields.',
    )
  }
  return parsed.data
}

function tenantSelection(file: TenantsFile): TenantSelection {
  return file.users === 'all'
    ? { users: 'all', ...(file.max_users ? { maxUsers: file.max_users } : {}) }
    : { users: file.users }
}

interface OpenedTarget {
  target: IsolationTarget
  /** The flags to repeat in a reproduce line (never URLs: they may hold passwords). */
  flags: string
  close(): Promise<void>
}

/** A server (app URL + admin URL + ZAVA_TENANT_KEY) or, with no URL anywhere, the embedded demo database. */
async function openTarget(
  appFlag: string | undefined,
  adminFlag: string | undefined,
  file: TenantsFile,
  log: (line: string) => void,
): Promise<OpenedTarget> {
  const appUrl = appFlag ?? process.env.DATABASE_URL ?? file.database_url
  const adminUrl = adminFlag ?? process.env.ZAVA_ADMIN_URL ?? file.admin_url
  if (!appUrl) {
    if (adminUrl) {
      throw new ConfigurationError(
        '--admin-url was given without --database-url.',
        'Pass both, or neither for the embedded database.',
      )
    }
    // The embedded demo database, opened as `serve` opens it (migrated and seeded on first use).
    // PGlite is one superuser session: the oracle and the tenants share it; roles still apply RLS.
    const config = loadConfig()
    log(`no --database-url: verifying the embedded database in ${config.dataDir}`)
    const runtime = await openRuntime(config, createLogger(config.LOG_LEVEL))
    const shared: Db = { ...runtime.tdb.db, close: async () => {} }
    return {
      target: {
        admin: shared,
        openApp: () => shared,
        signer: runtime.tdb.signer,
        timeouts: runtime.tdb.timeouts,
      },
      flags: '',
      close: () => runtime.close(),
    }
  }
  if (!adminUrl) {
    throw new ConfigurationError(
      'No admin URL for the oracle.',
      'Pass --admin-url (or set ZAVA_ADMIN_URL): a login that bypasses RLS (superuser or BYPASSRLS), used read-only.',
    )
  }
  const key = process.env.ZAVA_TENANT_KEY
  if (!key) {
    throw new ConfigurationError(
      'ZAVA_TENANT_KEY is not set.',
      'Set it to the key that `zava-mcp migrate` installed in this database: tenant queries must be signed with it.',
    )
  }
  const admin = createPostgresDb(adminUrl, { max: 4, applicationName: 'zava-verify-isolation-oracle' })
  return {
    target: {
      admin,
      openApp: (max) => createPostgresDb(appUrl, { max, applicationName: 'zava-verify-isolation' }),
      signer: TenantSigner.parse(key),
    },
    flags: '--database-url "$DATABASE_URL" --admin-url "$ZAVA_ADMIN_URL" ',
    close: () => admin.close(),
  }
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n <= 0)
    throw new ValidationError(`${flag} ${text} is not a positive integer.`, `Use e.g. ${flag} 200.`)
  return n
}

function nonNegativeInt(flag: string, text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0)
    throw new ValidationError(`${flag} ${text} is not a non-negative integer.`, `Use e.g. ${flag} 42.`)
  return n
}
