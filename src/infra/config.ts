import { homedir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { ConfigurationError } from '../errors.ts'
import { type EmbedderConfig, embedderConfigFromEnv } from './embeddings/embedder.ts'
import { OPERATIONS_KEYS } from './operations-config.ts'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes')

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback)

const defaultDataDir = (env: Record<string, string | undefined>) =>
  join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'zava-mcp')

/** A comma-separated list, trimmed, empty items dropped. */
const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
)

/** Settings of `serve --transport http` (see docs/http.md); the CLI flags override the first three. */
const HTTP_KEYS = {
  HTTP_HOST: z
    .string()
    .default('127.0.0.1')
    .describe('Address the HTTP transport binds (default loopback only).'),
  HTTP_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .default(3000)
    .describe('Port of the HTTP transport (0: any free port).'),
  HTTP_STATELESS: bool
    .default(false)
    .describe('Serve without sessions: every request stands alone (horizontal scaling; no GET stream).'),
  HTTP_PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe(
      'Origin clients use to reach the server (e.g. behind a proxy): names the protected resource `<url>/mcp`.',
    ),
  AUTH_MODE: z
    .enum(['jwt', 'api-key', 'insecure-dev'])
    .optional()
    .describe(
      'How HTTP callers prove who they are. Unset: jwt if a JWT key source is set, api-key if API_KEYS_FILE is.',
    ),
  JWT_SECRET: z
    .string()
    .min(32, 'at least 32 characters')
    .optional()
    .describe('Shared secret of HS256 tokens (small setups).'),
  JWT_JWKS_URL: z.string().url().optional().describe('JWKS URL of the issuer (RS256/ES256 tokens).'),
  JWT_JWKS_FILE: z.string().optional().describe('Path of a JWKS file (RS256/ES256 tokens, offline).'),
  JWT_ISSUER: z
    .string()
    .optional()
    .describe('Required `iss` of tokens; also the authorization server published in the metadata.'),
  JWT_AUDIENCE: z
    .string()
    .optional()
    .describe('Required `aud` of tokens (default: `<HTTP_PUBLIC_URL>/mcp`, the resource).'),
  JWT_USER_CLAIM: z.string().default('sub').describe('Claim that holds the RLS user id (a UUID).'),
  JWT_ALGORITHMS: list
    .optional()
    .describe('Accepted signature algorithms (default HS256 with JWT_SECRET, RS256,ES256 with a JWKS).'),
  JWT_CLOCK_TOLERANCE_S: z.coerce
    .number()
    .int()
    .min(0)
    .max(300)
    .default(30)
    .describe('Clock skew tolerated on exp/nbf/iat, in seconds.'),
  OAUTH_AUTHORIZATION_SERVERS: list
    .optional()
    .describe('Authorization servers published in the protected-resource metadata (default JWT_ISSUER).'),
  API_KEYS_FILE: z
    .string()
    .optional()
    .describe(
      'File of API keys: JSON {"<sha256 hex of key>": "<rls user id>"} or lines `<sha256> <rls user id>`.',
    ),
  ALLOWED_HOSTS: list
    .optional()
    .describe(
      'Host header values accepted (`name` any port, `name:port`, or *). Default: loopback names and HTTP_PUBLIC_URL.',
    ),
  ALLOWED_ORIGINS: list
    .optional()
    .describe('Origin header values accepted besides same-origin requests (DNS-rebinding protection).'),
  CORS_ORIGINS: list
    .optional()
    .describe('Origins given CORS headers (browser clients). Default: none, CORS off.'),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(0)
    .default(300)
    .describe('Requests per minute per identity (token bucket; 0: no limit).'),
  RATE_LIMIT_BURST: z.coerce
    .number()
    .int()
    .positive()
    .default(60)
    .describe('Requests an identity may send at once.'),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024)
    .describe('Largest request body accepted (413 above).'),
  HTTP_REQUEST_TIMEOUT_MS: ms(60_000).describe(
    'Longest the server takes to start answering a request (504 after).',
  ),
  HTTP_IDLE_TIMEOUT_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(255)
    .default(60)
    .describe('A connection silent this long is closed (SSE streams send keep-alives more often).'),
  SESSION_IDLE_TIMEOUT_MS: ms(30 * 60_000).describe('A session without requests this long is ended.'),
  MAX_SESSIONS: z.coerce
    .number()
    .int()
    .positive()
    .default(1000)
    .describe('Most concurrent sessions (503 above).'),
  CALLER_CACHE_TTL_MS: ms(30_000).describe(
    'How long a resolved identity (kind, stores) is reused before the database is asked again.',
  ),
}

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

  ...HTTP_KEYS,
  ...OPERATIONS_KEYS,
})

export type Config = z.infer<typeof ConfigSchema> & {
  dataDir: string
  /** EMBEDDINGS_PROVIDER and its provider's variables (see infra/embeddings/config.ts). */
  embeddings: EmbedderConfig
}

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
  return {
    ...parsed.data,
    dataDir: parsed.data.ZAVA_DATA_DIR ?? defaultDataDir(env),
    embeddings: embedderConfigFromEnv(env),
  }
}
