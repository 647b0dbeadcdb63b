import { setAssistantSearchPath } from '../../generated/assistant.queries.ts'
import type { Connection } from './db.ts'

/** Longest plan text kept: plans of wide queries run to many kilobytes. */
export const MAX_PLAN_CHARS = 4_000

/**
 * The plan of an already-guarded SELECT, without running it (EXPLAIN, no ANALYZE), resolved the
 * way the assistant's query was (same search path); meant for a separate, rolled-back transaction
 * under the same tenant. Truncated to `MAX_PLAN_CHARS`.
 */
export async function explainAssistantSql(tx: Connection, sql: string): Promise<string> {
  await setAssistantSearchPath.run(undefined, tx)
  const result = await tx.query(`EXPLAIN ${sql}`, [])
  const plan = result.rows.map((row) => String(row['QUERY PLAN'] ?? Object.values(row)[0])).join('\n')
  return plan.length > MAX_PLAN_CHARS ? `${plan.slice(0, MAX_PLAN_CHARS)}\n…(truncated)` : plan
}
