/** A piece of one table's CSV (whole rows) and how many rows it holds. */
export interface Chunk {
  csv: string
  rows: number
}

/** Rows are gathered into chunks of about this many characters before they are handed on. */
export const CHUNK_CHARS = 1 << 20

const NEEDS_QUOTES = /[",\r\n]/

/** A CSV field: quoted (with doubled quotes) only when it has to be. */
export function text(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/** Cents as a numeric literal: 123456 → '1234.56'. */
export function money(cents: number): string {
  const whole = Math.floor(cents / 100)
  const rest = cents - whole * 100
  return `${whole}.${rest < 10 ? '0' : ''}${rest}`
}

/**
 * Gathers rows and yields them as chunks of about CHUNK_CHARS: `rows` yields one CSV line
 * (ending in '\n') per row.
 */
export function* chunked(rows: Iterable<string>): Generator<Chunk> {
  let csv = ''
  let n = 0
  for (const row of rows) {
    csv += row
    n++
    if (csv.length >= CHUNK_CHARS) {
      yield { csv, rows: n }
      csv = ''
      n = 0
    }
  }
  if (n > 0) yield { csv, rows: n }
}
