/**
 * Reads choices off a list of numbers. Generators built on it shrink well with fast-check: a
 * shorter list or smaller numbers mean earlier options, and every menu lists its simplest option
 * first, so a shrunk counterexample is a short, plain query.
 */
export class Tape {
  #at = 0
  constructor(private readonly values: readonly number[]) {}
  next(): number {
    return this.values[this.#at++] ?? 0
  }
  pick<T>(options: readonly T[]): T {
    return options[this.next() % options.length]!
  }
  /** True with `percent` probability; false when the tape has run out. */
  chance(percent: number): boolean {
    return this.next() % 100 >= 100 - percent
  }
  int(min: number, max: number): number {
    return min + (this.next() % (max - min + 1))
  }
}
