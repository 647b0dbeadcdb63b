import { createHash } from 'node:crypto'
import pino, { type Logger } from 'pino'

export type { Logger }

/**
 * Structured JSON logs on stderr: over stdio, stdout is the protocol and must carry nothing else.
 * Secrets and connection strings are redacted wherever they appear as fields.
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
        ],
        censor: '[redacted]',
      },
    },
    destination,
  )
}

/** A stable, non-reversible id for a caller or a piece of SQL in logs and metrics. */
export function hashForLog(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16)
}
