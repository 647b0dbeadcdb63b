import { describe, expect, it } from 'bun:test'
import fc from 'fast-check'
import { guardSql, SqlGuardError } from '../../../../src/data/sql-guard/index.ts'
import { EXPECTED_REASONS, forbiddenQuery } from './support/forbidden-select.ts'
import { decoration, render, validShape } from './support/valid-select.ts'

const seed = Number(process.env.FC_SEED ?? 20_250_601)
const numRuns = Number(process.env.FC_RUNS ?? 300)

/** Runs a property with a reproducible seed, and names the seed and run count when it fails. */
async function check<T extends [unknown, ...unknown[]]>(property: fc.IAsyncProperty<T>): Promise<void> {
  try {
    await fc.assert(property, { seed, numRuns })
  } catch (err) {
    throw new Error(`Property failed with FC_SEED=${seed} FC_RUNS=${numRuns}\n${(err as Error).message}`)
  }
}

async function outcome(sql: string): Promise<string> {
  try {
    await guardSql(sql)
    return 'accepted'
  } catch (err) {
    if (err instanceof SqlGuardError) return err.reason
    throw err
  }
}

describe(`SQL guard properties (FC_SEED=${seed}, FC_RUNS=${numRuns})`, () => {
  it('accepts every generated read-only SELECT over the retail schema', async () => {
    await check(
      fc.asyncProperty(validShape, async (shape) => {
        const sql = render(shape)
        const result = await outcome(sql)
        if (result !== 'accepted') throw new Error(`refused (${result}):\n${sql}`)
      }),
    )
  })

  it('returns the bare statement whatever comments, whitespace and semicolons surround it', async () => {
    await check(
      fc.asyncProperty(fc.tuple(validShape, decoration), async ([shape, { before, after }]) => {
        const sql = render(shape)
        expect((await guardSql(`${before}${sql}${after}`)).sql).toBe(sql)
      }),
    )
  })

  it('refuses every generated SELECT with one forbidden element, for the element’s reason', async () => {
    await check(
      fc.asyncProperty(forbiddenQuery, async ({ family, sql }) => {
        const result = await outcome(sql)
        if (!EXPECTED_REASONS[family].includes(result as never)) {
          throw new Error(`${family} injection gave ${result}:\n${sql}`)
        }
      }),
    )
  })

  it('either accepts arbitrary text or refuses it with a SqlGuardError, never anything else', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc
        .array(
          fc.constantFrom(
            'SELECT',
            'select',
            '1',
            ',',
            ';',
            '(',
            ')',
            "'",
            '"',
            '--',
            '/*',
            '*/',
            '$$',
            '\n',
            ' ',
            'FROM',
            'retail.orders',
            'pg_sleep',
            'WITH',
            'x',
            'AS',
            'UNION',
            "E'\\'",
          ),
          { maxLength: 40 },
        )
        .map((parts) => parts.join(' ')),
    )
    await check(
      fc.asyncProperty(text, async (sql) => {
        await outcome(sql)
      }),
    )
  })
})
