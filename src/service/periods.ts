import { ValidationError } from '../errors.ts'

/** A half-open range of calendar days [from, to) in UTC, as 'YYYY-MM-DD'. */
export interface DateRange {
  from: string
  to: string
}

export interface ResolvedPeriod extends DateRange {
  /** What the caller asked for, e.g. 'last_quarter' or '2025-01-01/2025-03-31'. */
  label: string
  /** Inclusive last day, for display. */
  through: string
  /** The period to compare with: the same span just before (or a year before, for ytd). */
  previous: DateRange & { through: string }
}

export const NAMED_PERIODS = [
  'last_7_days',
  'last_30_days',
  'last_90_days',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'ytd',
  'last_year',
] as const

export const PERIOD_HELP = `one of ${NAMED_PERIODS.join(', ')}, or an explicit range 'YYYY-MM-DD/YYYY-MM-DD' (both days included)`

const DAY_MS = 86_400_000
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * Resolves a period name or explicit ISO range against `today` (UTC). Periods that include
 * today end tomorrow (exclusive), so today's sales count.
 */
export function resolvePeriod(period: string, today: string): ResolvedPeriod {
  const label = period.trim()
  const t = parseDay(today)
  const tomorrow = addDays(t, 1)
  const y = t.getUTCFullYear()
  const m = t.getUTCMonth()
  const q = Math.floor(m / 3) * 3
  switch (label) {
    case 'last_7_days':
      return trailing(label, tomorrow, 7)
    case 'last_30_days':
      return trailing(label, tomorrow, 30)
    case 'last_90_days':
      return trailing(label, tomorrow, 90)
    case 'this_month':
      return toDate(label, utc(y, m, 1), tomorrow, utc(y, m - 1, 1))
    case 'last_month':
      return full(label, utc(y, m - 1, 1), utc(y, m, 1), utc(y, m - 2, 1))
    case 'this_quarter':
      return toDate(label, utc(y, q, 1), tomorrow, utc(y, q - 3, 1))
    case 'last_quarter':
      return full(label, utc(y, q - 3, 1), utc(y, q, 1), utc(y, q - 6, 1))
    case 'ytd':
      return toDate(label, utc(y, 0, 1), tomorrow, utc(y - 1, 0, 1))
    case 'last_year':
      return full(label, utc(y - 1, 0, 1), utc(y, 0, 1), utc(y - 2, 0, 1))
  }
  const range = /^(\d{4}-\d{2}-\d{2})\s*(?:\/|\.\.)\s*(\d{4}-\d{2}-\d{2})$/.exec(label)
  if (!range) {
    throw new ValidationError(`Unknown period '${period}'.`, `Use ${PERIOD_HELP}.`)
  }
  const from = parseDay(range[1]!, period)
  const through = parseDay(range[2]!, period)
  if (through < from) {
    throw new ValidationError(`The period '${period}' ends before it starts.`, 'Put the earlier day first.')
  }
  const to = addDays(through, 1)
  const days = Math.round((to.getTime() - from.getTime()) / DAY_MS)
  if (days > 3700) {
    throw new ValidationError(`The period '${period}' is longer than ten years.`, 'Use a shorter range.')
  }
  return build(label, from, to, addDays(from, -days), from)
}

function trailing(label: string, to: Date, days: number): ResolvedPeriod {
  const from = addDays(to, -days)
  return build(label, from, to, addDays(from, -days), from)
}

/** A period to date, compared with the same number of days from the previous period's start. */
function toDate(label: string, from: Date, to: Date, previousFrom: Date): ResolvedPeriod {
  const days = Math.round((to.getTime() - from.getTime()) / DAY_MS)
  return build(label, from, to, previousFrom, addDays(previousFrom, days))
}

function full(label: string, from: Date, to: Date, previousFrom: Date): ResolvedPeriod {
  return build(label, from, to, previousFrom, from)
}

function build(label: string, from: Date, to: Date, previousFrom: Date, previousTo: Date): ResolvedPeriod {
  return {
    label,
    from: day(from),
    to: day(to),
    through: day(addDays(to, -1)),
    previous: { from: day(previousFrom), to: day(previousTo), through: day(addDays(previousTo, -1)) },
  }
}

function parseDay(text: string, period = text): Date {
  const date = new Date(`${text}T00:00:00Z`)
  if (!ISO_DAY.test(text) || Number.isNaN(date.getTime()) || day(date) !== text) {
    throw new ValidationError(`'${text}' in period '${period}' is not a valid date.`, `Use ${PERIOD_HELP}.`)
  }
  return date
}

const utc = (year: number, month: number, dayOfMonth: number) => new Date(Date.UTC(year, month, dayOfMonth))
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS)
const day = (date: Date) => date.toISOString().slice(0, 10)

/** Today's date in UTC, 'YYYY-MM-DD'. */
export const utcToday = (now = new Date()) => day(now)
