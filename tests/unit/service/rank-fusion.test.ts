import { describe, expect, it } from 'bun:test'
import { RRF_K, reciprocalRankFusion } from '../../../src/service/rank-fusion.ts'

describe('reciprocalRankFusion', () => {
  it('puts an item both lists rank above one that a single list ranks first', () => {
    const fused = reciprocalRankFusion([
      ['a', 'b', 'c'],
      ['d', 'b', 'e'],
    ])
    expect(fused[0]!.id).toBe('b')
    expect(fused[0]!.score).toBeCloseTo(2 / (RRF_K + 2), 12)
    expect(fused[0]!.ranks).toEqual([2, 2])
  })

  it('scores 1 / (k + rank) per list and records null where an item is absent', () => {
    const fused = reciprocalRankFusion([['a'], ['b', 'a']], 10)
    const a = fused.find((f) => f.id === 'a')!
    const b = fused.find((f) => f.id === 'b')!
    expect(a.score).toBeCloseTo(1 / 11 + 1 / 12, 12)
    expect(a.ranks).toEqual([1, 2])
    expect(b.ranks).toEqual([null, 1])
  })

  it('breaks ties by the better best rank, then by id, so the order never depends on input order', () => {
    const one = reciprocalRankFusion([
      ['x', 'y'],
      ['y', 'x'],
    ]).map((f) => f.id)
    const other = reciprocalRankFusion([
      ['y', 'x'],
      ['x', 'y'],
    ]).map((f) => f.id)
    expect(one).toEqual(['x', 'y'])
    expect(other).toEqual(['x', 'y'])
    expect(reciprocalRankFusion([['b'], ['a']]).map((f) => f.id)).toEqual(['a', 'b'])
  })

  it('keeps the first rank of an id repeated within a list', () => {
    const [only] = reciprocalRankFusion([['a', 'a']])
    expect(only!.score).toBeCloseTo(1 / (RRF_K + 1), 12)
  })

  it('returns nothing for empty lists', () => {
    expect(reciprocalRankFusion([[], []])).toEqual([])
  })
})
