import type fc from 'fast-check'
import { sqlState } from '../../data/errors.ts'
import { QueryTimeoutError, ZavaError } from '../../errors.ts'
import type { IsolationContext } from './context.ts'

/** One property of the isolation promise: cases to generate, how to check one, how to show one. */
export interface IsolationProperty<T> {
  id: string
  title: string
  /** Why the property cannot run against this target (e.g. no separate app role), if so. */
  skip?(ctx: IsolationContext): string | undefined
  arbitrary(ctx: IsolationContext): fc.Arbitrary<T>
  /** Throws when the case fails; 'inconclusive' when it could not be decided (a timeout on big data). */
  check(ctx: IsolationContext, value: T): Promise<undefined | 'inconclusive'>
  /** The case in words, for the report's counterexample. */
  describe(value: T): string
}

// biome-ignore lint/suspicious/noExplicitAny: a list of properties of different case types
export type AnyIsolationProperty = IsolationProperty<any>

export function isTimeout(err: unknown): boolean {
  return err instanceof QueryTimeoutError || sqlState(err) === '57014'
}

export function errorSummary(err: unknown): string {
  if (err instanceof ZavaError) return `${err.code}: ${err.message}`
  return err instanceof Error ? err.message : String(err)
}
