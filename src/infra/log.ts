import { createHash } from 'node:crypto'
import pino, { type Logger } from 'pino'

export type { Logger }

/**
 * Structured JSON logs on stderr: over stdio, stdout is the protocol and must carry nothing else.
 * Secrets and connection strings are redacted wherever they appear as fields, and credentials in
 * URLs quoted by messages or errors (`postgres://user:secret@host`) are cut out.
 */
export function createLogger(
  level: string,
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      level,
      base: { service: 'zava-mcp' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password',
          '*.password',
          'databaseUrl',
          '*.databaseUrl',
          'DATABASE_URL',
          '*.DATABASE_URL',
          'connectionString',
          '*.connectionString',
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'apiKey',
          '*.apiKey',
          'params',
          '*.params',
          'REDIS_URL',
          '*.REDIS_URL',
          'redisUrl',
          '*.redisUrl',
        ],
        censor: '[redacted]',
      },
      serializers: {
        err: (err: unknown) => {
          if (typeof err === 'string') return scrubUrls(err)
          if (!(err instanceof Error)) return err
          const serialized = pino.stdSerializers.err(err)
          for (const key of Object.keys(serialized) as (keyof typeof serialized)[]) {
            const value = serialized[key]
            if (typeof value === 'string') (serialized as Record<string, unknown>)[key] = scrubUrls(value)
          }
          return serialized
        },
      },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? scrubUrls(arg) : arg)) as Parameters<typeof method>,
          )
        },
      },
    },
    destination,
  )
}

/** Cuts the user info out of URLs in a text: `postgres://app:secret@db/x` → `postgres://[redacted]@db/x`. */
export function scrubUrls(text: string): string {
  return text.includes('://') ? text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1[redacted]@') : text
}

/** A stable, non-reversible id for a caller or a piece of SQL in logs and metrics. */
export function hashForLog(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16)
}
