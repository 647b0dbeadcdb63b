import { describe, expect, it } from 'bun:test'
import { chunked, money, text } from '../../../src/data/seed/csv.ts'
import { formatDay, parseDay, weekday, yearsBefore } from '../../../src/data/seed/dates.ts'
import { apportion, cumulative, Rng, sample } from '../../../src/data/seed/random.ts'

describe('Rng', () => {
  it('repeats its sequence for the same seed and stream and differs otherwise', () => {
    const draw = (seed: number, label: string) => {
      const rng = new Rng(seed, label)
      return Array.from({ length: 5 }, () => rng.next())
    }
    expect(draw(42, 'orders')).toEqual(draw(42, 'orders'))
    expect(draw(42, 'orders')).not.toEqual(draw(43, 'orders'))
    expect(draw(42, 'orders')).not.toEqual(draw(42, 'customers'))
  })

  it('draws floats in [0, 1) and integers within bounds', () => {
    const rng = new Rng(1, 'test')
    for (let i = 0; i < 10_000; i++) {
      const f = rng.float()
      expect(f >= 0 && f < 1).toBe(true)
      const n = rng.int(3, 5)
      expect(n >= 3 && n <= 5).toBe(true)
    }
  })

  it('formats version-4 UUIDs', () => {
    const rng = new Rng(9, 'ids')
    for (let i = 0; i < 1000; i++) {
      expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    }
  })

  it('stays in step when a UUID is skipped instead of formatted', () => {
    const a = new Rng(5, 's')
    const b = new Rng(5, 's')
    a.uuid()
    b.skipUuid()
    expect(a.next()).toBe(b.next())
  })

  it('samples in proportion to the weights and never picks a zero weight', () => {
    const rng = new Rng(2, 'sample')
    const cdf = cumulative([1, 0, 3])
    const counts = [0, 0, 0]
    for (let i = 0; i < 40_000; i++) counts[sample(cdf, rng)]!++
    expect(counts[1]).toBe(0)
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.7)
    expect(counts[2]! / counts[0]!).toBeLessThan(3.3)
  })
})

describe('apportion', () => {
  it('splits a total exactly in proportion, with a minimum per part', () => {
    expect(apportion(10, [1, 1, 2])).toEqual([3, 2, 5])
    expect(apportion(9, [1.4, 1], 2).reduce((a, b) => a + b)).toBe(9)
    expect(apportion(5, [100, 1, 1], 2)).toEqual([3, 1, 1])
    expect(apportion(8, [100, 1, 1], 2)).toEqual([4, 2, 2])
  })
})

describe('dates', () => {
  it('round-trips calendar dates and rejects impossible ones', () => {
    for (const text of ['1970-01-01', '2000-02-29', '2024-12-31', '2025-03-01'])
      expect(formatDay(parseDay(text)!)).toBe(text)
    expect(parseDay('2025-02-29')).toBeUndefined()
    expect(parseDay('2025-13-01')).toBeUndefined()
    expect(parseDay('20250101')).toBeUndefined()
  })

  it('knows the weekday and steps back whole years', () => {
    expect(weekday(parseDay('2025-12-31')!)).toBe(3)
    expect(weekday(parseDay('2024-01-06')!)).toBe(6)
    expect(formatDay(yearsBefore(parseDay('2025-12-31')!, 2))).toBe('2023-12-31')
    expect(formatDay(yearsBefore(parseDay('2024-02-29')!, 1))).toBe('2023-02-28')
  })
})

describe('csv', () => {
  it('quotes only fields that need it', () => {
    expect(text('plain')).toBe('plain')
    expect(text('a, b')).toBe('"a, b"')
    expect(text('say "hi"')).toBe('"say ""hi"""')
  })

  it('formats cents as numeric literals', () => {
    expect(money(0)).toBe('0.00')
    expect(money(5)).toBe('0.05')
    expect(money(123456)).toBe('1234.56')
  })

  it('gathers rows into chunks without splitting a row', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `${i},${'x'.repeat(40)}\n`)
    const chunks = [...chunked(rows)]
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.reduce((n, c) => n + c.rows, 0)).toBe(rows.length)
    expect(chunks.map((c) => c.csv).join('')).toBe(rows.join(''))
    for (const c of chunks) expect(c.csv.endsWith('\n')).toBe(true)
  })
})
