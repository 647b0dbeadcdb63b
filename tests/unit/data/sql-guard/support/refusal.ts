import { SqlGuardError } from '../../../../../src/data/sql-guard/index.ts'

/** The SqlGuardError a guarded call rejects with; fails the test when it resolves or throws anything else. */
export async function refusal(pending: Promise<unknown>): Promise<SqlGuardError> {
  try {
    const accepted = await pending
    throw new Error(`expected a refusal, got ${JSON.stringify(accepted)}`)
  } catch (err) {
    if (err instanceof SqlGuardError) return err
    throw err
  }
}
