import { describe, expect, it } from 'bun:test'
import { ValidationError } from '../../../../src/errors.ts'
import { checkTexts, toBatches } from '../../../../src/infra/embeddings/batches.ts'
import { retryAfterMs } from '../../../../src/infra/embeddings/retry.ts'
import { normalise } from '../../../../src/infra/embeddings/vectors.ts'

describe('toBatches', () => {
  it('splits by count, keeping order', () => {
    const texts = Array.from({ length: 250 }, (_, i) => `t${i}`)
    const batches = toBatches(texts, { maxTexts: 96, maxChars: 1e9 })
    expect(batches.map((batch) => batch.length)).toEqual([96, 96, 58])
    expect(batches.flat()).toEqual(texts)
  })

  it('splits by characters, giving an overlong text a batch of its own', () => {
    expect(toBatches(['aaaa', 'bbbb', 'cc', 'dddddddddd', 'e'], { maxTexts: 10, maxChars: 8 })).toEqual([
      ['aaaa', 'bbbb'],
      ['cc'],
      ['dddddddddd'],
      ['e'],
    ])
  })
})

describe('checkTexts', () => {
  it('accepts ordinary texts', () => {
    expect(() => checkTexts(['cordless drill', 'x'.repeat(20)], 20)).not.toThrow()
  })

  it('gives VALIDATION_ERROR naming the position of a blank or oversized text', () => {
    expect(() => checkTexts(['drill', ' \n'], 10)).toThrow(new ValidationError('Text 1 to embed is empty.'))
    expect(() => checkTexts(['x'.repeat(11)], 10)).toThrow(ValidationError)
  })
})

describe('normalise', () => {
  it('scales to unit length', () => {
    expect(normalise([3, 4])).toEqual([0.6, 0.8])
  })

  it('refuses zero, empty and non-finite vectors', () => {
    expect(normalise([0, 0])).toBeUndefined()
    expect(normalise([])).toBeUndefined()
    expect(normalise([1, Number.NaN])).toBeUndefined()
    expect(normalise([1, '2' as unknown as number])).toBeUndefined()
  })
})

describe('retryAfterMs', () => {
  const headers = (init: Record<string, string>) => new Headers(init)

  it('reads retry-after-ms first, then Retry-After in seconds or as a date', () => {
    expect(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250)
    expect(retryAfterMs(headers({ 'retry-after': '2' }))).toBe(2000)
    const now = Date.parse('2025-01-01T00:00:00Z')
    expect(retryAfterMs(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now)).toBe(3000)
  })

  it('is undefined when absent or unreadable', () => {
    expect(retryAfterMs(undefined)).toBeUndefined()
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }))).toBeUndefined()
  })
})
