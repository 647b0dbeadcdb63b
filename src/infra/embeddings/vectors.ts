/**
 * Scales a vector to unit length in double precision (providers return float32 vectors whose
 * norm is only close to 1). Undefined for a vector that cannot be normalised: empty, zero, or
 * holding a non-finite value.
 */
export function normalise(values: ArrayLike<number>): number[] | undefined {
  let sum = 0
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined
    sum += value * value
  }
  const norm = Math.sqrt(sum)
  if (!(norm > 0) || !Number.isFinite(norm)) return undefined
  const unit = new Array<number>(values.length)
  for (let i = 0; i < values.length; i++) unit[i] = values[i]! / norm
  return unit
}
