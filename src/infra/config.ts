import { homedir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { ConfigurationError } from '../errors.ts'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes')

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback)

const defaultDataDir = (env: Record<string, string | undefined>) =>
  join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'zava-mcp')

/**
 * Every setting, from the environment, validated once at start-up. Each key documents itself;
 * the README's configuration table is printed from this (`zava-mcp config --help`).
 */
export const ConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .describe(
      'PostgreSQL URL of the server to use, as the zava_app login role. Unset: the embedded PGlite database.',
    ),
  ZAVA_DATA_DIR: z
    .string()
    .optional()
    .describe('Directory of the embedded database and its key (default ~/.local/share/zava-mcp).'),
  ZAVA_TENANT_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64,128}|[A-Za-z0-9+/]{43,}={0,2})$/, '64+ hex characters or base64 of 32+ bytes')
    .optional()
    .describe(
      'Key that signs tenant contexts (32-64 bytes, hex or base64). Required with DATABASE_URL; generated for the embedded database.',
    ),
  ZAVA_RLS_USER_ID: z
    .guid()
    .default('11111111-1111-4111-8111-111111111111')
    .describe('RLS user id of the caller over stdio (default: the demo store manager).'),
  ZAVA_SEED_SCALE: z.coerce
    .number()
    .positive()
    .max(100)
    .default(0.05)
    .describe('Scale of the demo data seeded into an empty embedded database.'),
  ZAVA_SEED: z.coerce.number().int().nonnegative().default(42).describe('Seed of the demo data generator.'),
  STATEMENT_TIMEOUT_MS: ms(10_000).describe('Longest a typed query may run.'),
  QUERY_TIMEOUT_MS: ms(10_000).describe('Longest assistant-written SQL (execute_sales_query) may run.'),
  LOCK_TIMEOUT_MS: ms(2_000).describe('Longest a query waits for a lock.'),
  IDLE_IN_TRANSACTION_TIMEOUT_MS: ms(30_000).describe('A transaction idle this long is ended by the server.'),
  QUERY_MAX_ROWS: z.coerce
    .number()
    .int()
    .positive()
    .max(100_000)
    .default(500)
    .describe('Row cap of execute_sales_query results.'),
  QUERY_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024)
    .describe('Byte cap of execute_sales_query results (JSON).'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level (logs go to stderr).'),
  ZAVA_ALLOW_PRIVILEGED_LOGIN: bool
    .default(false)
    .describe('Allow DATABASE_URL to log in as a superuser or BYPASSRLS role (never in production).'),
})

export type Config = z.infer<typeof ConfigSchema> & { dataDir: string }

/** Parses the environment; every bad value is listed at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  )
  const parsed = ConfigSchema.safeParse(present)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigurationError(
      `Invalid configuration:\n  ${problems.join('\n  ')}`,
      'Fix these environment variables (see the README, section Configuration).',
    )
  }
  return { ...parsed.data, dataDir: parsed.data.ZAVA_DATA_DIR ?? defaultDataDir(env) }
}
