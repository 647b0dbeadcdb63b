import { z } from 'zod'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes')

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback)

/**
 * Settings of running in production: the connection pool and its per-connection settings, retries
 * and circuit breaker, shutdown, metrics, the slow-query monitor and the tenant cache. Spread into
 * `ConfigSchema`; the README's configuration table documents each.
 */
export const OPERATIONS_KEYS = {
  POOL_MAX: int(1, 1_000, 10).describe('Most connections to PostgreSQL.'),
  POOL_MIN: int(0, 1_000, 1).describe('Connections opened at start-up and kept even when idle.'),
  POOL_ACQUIRE_TIMEOUT_MS: int(50, 120_000, 3_000).describe(
    'Longest a call waits for a free connection (or for a new one to connect) before SERVICE_UNAVAILABLE.',
  ),
  POOL_IDLE_TIMEOUT_MS: int(1_000, 3_600_000, 30_000).describe(
    'An idle connection above POOL_MIN is closed after this long.',
  ),
  POOL_MAX_LIFETIME_S: int(0, 86_400, 1_800).describe(
    'A connection is replaced after this long (0: never): picks up failovers and DNS changes.',
  ),
  DB_APPLICATION_NAME: z
    .string()
    .regex(/^[\x20-\x7e]{1,63}$/, 'printable ASCII, at most 63 characters')
    .default('zava-mcp')
    .describe('application_name of the connections (pg_stat_activity, server logs).'),
  DB_WORK_MEM: z
    .string()
    .regex(/^\d{1,7}(kB|MB|GB)$/, 'a PostgreSQL size such as 4MB')
    .default('16MB')
    .describe('work_mem of each connection: memory per sort or hash before spilling to disk.'),
  DB_JIT: bool
    .default(false)
    .describe('PostgreSQL JIT compilation (off: short analytic queries pay its start-up cost for nothing).'),
  DB_RETRY_MAX_ATTEMPTS: int(1, 10, 3).describe(
    'Attempts of a read-only transaction after transient failures, the first included (1: no retry).',
  ),
  DB_RETRY_BASE_DELAY_MS: int(1, 10_000, 50).describe('First retry delay, doubled each retry, with jitter.'),
  DB_RETRY_MAX_DELAY_MS: int(1, 60_000, 500).describe('Longest delay between two attempts.'),
  DB_RETRY_BUDGET_MS: int(0, 120_000, 2_000).describe(
    'No retry starts this long after the first attempt began.',
  ),
  DB_BREAKER_THRESHOLD: int(1, 1_000, 5).describe(
    'Consecutive connection failures that open the circuit (calls then fail at once).',
  ),
  DB_BREAKER_HALF_OPEN_MS: int(100, 300_000, 1_000).describe(
    'How long an open circuit waits before one call probes the database again.',
  ),
  SHUTDOWN_TIMEOUT_MS: int(100, 600_000, 10_000).describe(
    'Longest a graceful shutdown takes: calls in flight finish, then connections close.',
  ),
  METRICS_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .optional()
    .describe('Port of /metrics and /stats in stdio mode (unset: none; HTTP mode serves /metrics itself).'),
  METRICS_HOST: z
    .string()
    .default('127.0.0.1')
    .describe('Address of the metrics port (loopback by default: it has no authentication).'),
  SLOW_QUERY_MS: int(1, 600_000, 1500).describe(
    'A query slower than this is logged as slow and counted (re-derive with `bun run bench slow-query`).',
  ),
  SLOW_QUERY_EXPLAIN: bool
    .default(false)
    .describe('Log the plan (EXPLAIN, no ANALYZE) of slow assistant SQL, at most one every 10 s.'),
  STATS_DIR: z
    .string()
    .optional()
    .describe(
      'Where each server writes its query statistics for `zava-mcp stats` (default <data dir>/stats).',
    ),
  CACHE_TTL_MS: int(0, 86_400_000, 300_000).describe(
    'How long a cached answer is reused (0: no cache). A data change (migrate, seed, embed) invalidates at once.',
  ),
  CACHE_MAX_BYTES: int(0, 2 ** 40, 64 * 1024 * 1024).describe('Size bound of the in-memory cache.'),
  REDIS_URL: z
    .string()
    .url()
    .refine((url) => /^rediss?:\/\//.test(url), 'a redis:// or rediss:// URL')
    .optional()
    .describe('Redis for the tenant cache, shared by replicas (unset: in memory).'),
  REDIS_TIMEOUT_MS: int(1, 10_000, 50).describe(
    'Longest a cache command may take; past it, or with Redis down, calls skip the cache.',
  ),
}
