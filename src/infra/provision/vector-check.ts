import pg from 'pg'
import { errorMessage } from './errors.ts'

/**
 * Proves `CREATE EXTENSION vector` works in the database without leaving it created (rolled back),
 * so the schema stays the caller's business. Returns the error message when it does not.
 */
export async function vectorProblem(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  try {
    await client.connect()
    await client.query('BEGIN')
    await client.query('CREATE EXTENSION IF NOT EXISTS vector')
    await client.query('ROLLBACK')
    return undefined
  } catch (err) {
    return errorMessage(err)
  } finally {
    await client.end().catch(() => {})
  }
}
