/** The k of reciprocal rank fusion: 60, as in Cormack et al. (2009) and most hybrid search engines. */
export const RRF_K = 60

export interface Fused {
  id: string
  /** Sum over the lists of 1 / (k + rank), ranks from 1. */
  score: number
  /** The item's rank in each input list (1-based), or null where it is absent. */
  ranks: (number | null)[]
}

/**
 * Reciprocal rank fusion: merges ranked lists of ids by summing 1 / (k + rank) over the lists an
 * id appears in, so an item that both lists rank well beats one that only one list ranks first,
 * and the lists' raw scores (cosine similarity, ts_rank_cd), which are not comparable, never mix.
 * Best first; ties go to the better best rank, then to the id, so the order is deterministic.
 *
 * @example reciprocalRankFusion([['a', 'b'], ['b', 'c']])[0].id === 'b'
 */
export function reciprocalRankFusion(lists: readonly (readonly string[])[], k = RRF_K): Fused[] {
  const fused = new Map<string, Fused>()
  lists.forEach((list, l) => {
    list.forEach((id, index) => {
      let entry = fused.get(id)
      if (entry === undefined) {
        entry = { id, score: 0, ranks: lists.map(() => null) }
        fused.set(id, entry)
      }
      if (entry.ranks[l] !== null) return // a repeated id keeps its first (best) rank
      entry.ranks[l] = index + 1
      entry.score += 1 / (k + index + 1)
    })
  })
  const best = (entry: Fused) => Math.min(...entry.ranks.map((rank) => rank ?? Number.POSITIVE_INFINITY))
  return [...fused.values()].sort(
    (a, b) => b.score - a.score || best(a) - best(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )
}
