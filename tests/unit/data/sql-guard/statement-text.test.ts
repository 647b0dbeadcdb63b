import { describe, expect, it } from 'bun:test'
import { parseSync } from 'libpg-query'
import { defaultGuardPolicy, guardSql } from '../../../../src/data/sql-guard/index.ts'
import { refusal } from './support/refusal.ts'

describe('the statement text guardSql returns', () => {
  const cases: readonly (readonly [name: string, input: string, expected: string])[] = [
    ['trims whitespace', '\n  SELECT 1  \n', 'SELECT 1'],
    ['drops a trailing semicolon', 'SELECT 1;', 'SELECT 1'],
    ['drops several trailing semicolons', 'SELECT 1;;', 'SELECT 1'],
    ['drops a comment after the semicolon', 'SELECT 1; -- done', 'SELECT 1'],
    ['drops a line comment before the semicolon', 'SELECT 1 -- note\n;', 'SELECT 1'],
    ['drops a trailing line comment without a semicolon', 'SELECT 1 -- note', 'SELECT 1'],
    ['drops a trailing block comment', 'SELECT 1 /* a ; b */', 'SELECT 1'],
    ['drops leading comments', '-- question\n/* more */ SELECT 1', 'SELECT 1'],
    ['keeps comments inside the statement', 'SELECT 1 -- one\n, 2', 'SELECT 1 -- one\n, 2'],
    [
      'keeps comment markers inside strings',
      "SELECT '-- not a comment' AS a",
      "SELECT '-- not a comment' AS a",
    ],
    [
      'keeps a trailing keyword after the last node',
      'SELECT 1 ORDER BY 1 DESC NULLS LAST -- x',
      'SELECT 1 ORDER BY 1 DESC NULLS LAST',
    ],
    ['keeps a dollar-quoted string holding a semicolon', 'SELECT $$ ; DROP $$ -- c', 'SELECT $$ ; DROP $$'],
    [
      'cuts multi-byte text at the right place',
      "SELECT 'Café ☕' AS naïve; -- é",
      "SELECT 'Café ☕' AS naïve",
    ],
    ['drops a trailing nested block comment', 'SELECT 1 /* a /* b */ c */', 'SELECT 1'],
    ['keeps a top-level VALUES', 'VALUES (1, 2); -- pairs', 'VALUES (1, 2)'],
    ['keeps TABLE', 'TABLE retail.orders;', 'TABLE retail.orders'],
    ['keeps a parenthesised SELECT', '((SELECT 1)) -- wrapped', '((SELECT 1))'],
    ['cuts after astral characters', "/* 🚀 */ SELECT '🚀' AS r -- 🚀", "SELECT '🚀' AS r"],
  ]
  for (const [name, input, expected] of cases) {
    it(name, async () => {
      const { sql } = await guardSql(input)
      expect(sql).toBe(expected)
      // Embeddable: the executor's wrapper parses as exactly one DECLARE.
      const wrapped = parseSync(`DECLARE zava_result NO SCROLL CURSOR FOR ${sql}`).stmts ?? []
      expect(wrapped.map((stmt) => Object.keys(stmt.stmt ?? {})[0])).toEqual(['DeclareCursorStmt'])
    })
  }
})

describe('guardSql input limits', () => {
  it('refuses input one character over maxLength and accepts input at it', async () => {
    const policy = { ...defaultGuardPolicy, maxLength: 20 }
    expect((await guardSql('SELECT 1            ', policy)).sql).toBe('SELECT 1')
    expect((await refusal(guardSql('SELECT 1             ', policy))).reason).toBe('too_long')
  })

  it('resolves unqualified names to the policy’s first schema', async () => {
    const policy = { allowedSchemas: ['shop'], allowedRelations: new Set(['shop.orders']), maxLength: 1000 }
    expect((await guardSql('SELECT * FROM orders', policy)).relations).toEqual(['shop.orders'])
    expect((await refusal(guardSql('SELECT * FROM retail.orders', policy))).reason).toBe('schema_not_allowed')
  })
})
