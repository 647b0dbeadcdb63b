/**
 * Dates as UTC day numbers (days since 1970-01-01): integer arithmetic only, no time zones, no
 * locale. Formatting is the civil-from-days algorithm, so it is the same everywhere.
 */
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** The day number of 'YYYY-MM-DD', or undefined when it is not a real calendar date. */
export function parseDay(text: string): number | undefined {
  const m = DATE_RE.exec(text)
  if (!m) return undefined
  const day = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]))
  return formatDay(day) === text ? day : undefined
}

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

export function formatDay(days: number): string {
  const { year, month, day } = civilFromDays(days)
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7
}

/** The day number `years` calendar years earlier (Feb 29 falls back to Feb 28). */
export function yearsBefore(days: number, years: number): number {
  const { year, month, day } = civilFromDays(days)
  const target = daysFromCivil(year - years, month, day)
  return civilFromDays(target).month === month ? target : target - 1
}
