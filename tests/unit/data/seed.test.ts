import { describe, expect, it } from 'bun:test'
import { DEFAULT_SEED, datasetDigest, seedSize } from '../../../src/data/seed/index.ts'
import { ValidationError } from '../../../src/errors.ts'

const small = { scale: 0.02, seed: DEFAULT_SEED }

describe('datasetDigest', () => {
  it('gives the same digest for the same seed and scale', () => {
    const first = datasetDigest(small)
    expect(first).toMatch(/^[0-9a-f]{64}$/)
    expect(datasetDigest({ ...small })).toBe(first)
  })

  it('gives a different digest for a different seed', () => {
    expect(datasetDigest({ ...small, seed: 7 })).not.toBe(datasetDigest(small))
  })

  it('gives a different digest for a different scale or last order date', () => {
    const base = datasetDigest(small)
    expect(datasetDigest({ ...small, scale: 0.03 })).not.toBe(base)
    expect(datasetDigest({ ...small, today: '2025-06-30' })).not.toBe(base)
  })

  it('treats an omitted today as the documented default date', () => {
    expect(datasetDigest({ ...small, today: '2025-12-31' })).toBe(datasetDigest(small))
  })

  it.each([
    ['a zero scale', { scale: 0, seed: 1 }],
    ['a negative scale', { scale: -1, seed: 1 }],
    ['a scale above the maximum', { scale: 1000, seed: 1 }],
    ['a NaN scale', { scale: Number.NaN, seed: 1 }],
    ['a fractional seed', { scale: 0.1, seed: 1.5 }],
    ['a negative seed', { scale: 0.1, seed: -1 }],
    ['a seed above 2^32 - 1', { scale: 0.1, seed: 2 ** 32 }],
    ['an impossible date', { scale: 0.1, seed: 1, today: '2025-02-30' }],
    ['a date in another format', { scale: 0.1, seed: 1, today: '31/12/2025' }],
  ])('rejects %s with a VALIDATION_ERROR that has a hint', (_, options) => {
    let error: unknown
    try {
      datasetDigest(options)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).code).toBe('VALIDATION_ERROR')
    expect((error as ValidationError).hint).toBeTruthy()
  })
})

describe('seedSize', () => {
  it('has 10 stores in 3 regions, 2,000 products, 20,000 customers and 200,000 orders at scale 1', () => {
    expect(seedSize(1)).toEqual({ regions: 3, stores: 10, products: 2000, customers: 20000, orders: 200000 })
  })

  it('keeps at least 3 stores in 2 regions and 300 products at the smallest scales', () => {
    for (const scale of [0.01, 0.02, 0.05, 0.1]) {
      const size = seedSize(scale)
      expect(size.stores).toBeGreaterThanOrEqual(3)
      expect(size.regions).toBeGreaterThanOrEqual(2)
      expect(size.products).toBeGreaterThanOrEqual(300)
    }
  })

  it('grows customers and orders linearly with the scale', () => {
    expect(seedSize(0.05)).toMatchObject({ customers: 1000, orders: 10000 })
    expect(seedSize(2.5)).toMatchObject({ stores: 25, customers: 50000, orders: 500000 })
    expect(seedSize(10)).toMatchObject({ stores: 100, customers: 200000, orders: 2000000 })
  })

  it('keeps the full catalogue from scale 1 on and shrinks it below', () => {
    expect(seedSize(0.25).products).toBe(1000)
    expect(seedSize(4).products).toBe(2000)
  })

  it('never gives a physical region fewer than 2 stores', () => {
    for (const scale of [0.01, 0.3, 0.5, 0.6, 1, 3.3, 10, 100]) {
      const { regions, stores } = seedSize(scale)
      expect(stores - 1).toBeGreaterThanOrEqual(2 * (regions - 1))
    }
  })
})
