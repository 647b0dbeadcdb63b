import { describe, expect, it } from 'bun:test'
import { ValidationError } from '../../../src/errors.ts'
import { resolvePeriod } from '../../../src/service/periods.ts'

const TODAY = '2026-11-25'

describe('resolvePeriod', () => {
  it.each([
    ['last_7_days', '2026-11-19', '2026-11-26', '2026-11-12', '2026-11-19'],
    ['last_30_days', '2026-10-27', '2026-11-26', '2026-09-27', '2026-10-27'],
    ['this_month', '2026-11-01', '2026-11-26', '2026-10-01', '2026-10-26'],
    ['last_month', '2026-10-01', '2026-11-01', '2026-09-01', '2026-10-01'],
    ['this_quarter', '2026-10-01', '2026-11-26', '2026-07-01', '2026-08-26'],
    ['last_quarter', '2026-07-01', '2026-10-01', '2026-04-01', '2026-07-01'],
    ['ytd', '2026-01-01', '2026-11-26', '2025-01-01', '2025-11-26'],
    ['last_year', '2025-01-01', '2026-01-01', '2024-01-01', '2025-01-01'],
    ['2026-01-01/2026-03-31', '2026-01-01', '2026-04-01', '2025-10-03', '2026-01-01'],
  ])('resolves %s to [%s, %s) compared with [%s, %s)', (period, from, to, previousFrom, previousTo) => {
    const resolved = resolvePeriod(period, TODAY)
    expect(resolved).toMatchObject({ from, to, previous: { from: previousFrom, to: previousTo } })
  })

  it('handles a last quarter that crosses a year boundary', () => {
    expect(resolvePeriod('last_quarter', '2026-02-10')).toMatchObject({
      from: '2025-10-01',
      to: '2026-01-01',
      previous: { from: '2025-07-01', to: '2025-10-01' },
    })
  })

  it('shows the inclusive last day for display', () => {
    expect(resolvePeriod('last_month', TODAY)).toMatchObject({
      through: '2026-10-31',
      previous: { through: '2026-09-30' },
    })
  })

  it.each([
    'yesterday',
    '',
    'last 7 days',
    '2026-02-30/2026-03-01',
    '2026-03-01/2026-02-01',
    '1900-01-01/2026-01-01',
  ])('refuses %p with a VALIDATION_ERROR that lists what is accepted', (period) => {
    expect(() => resolvePeriod(period, TODAY)).toThrow(ValidationError)
  })

  it('tells the caller which periods exist', () => {
    try {
      resolvePeriod('last_fortnight', TODAY)
    } catch (err) {
      expect((err as ValidationError).hint).toContain('last_quarter')
      expect((err as ValidationError).hint).toContain('YYYY-MM-DD/YYYY-MM-DD')
    }
  })
})
