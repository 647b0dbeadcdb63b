import fc from 'fast-check'
import type { SqlGuardReason } from '../../../../../src/data/sql-guard/index.ts'
import { type QueryShape, render, validShape } from './valid-select.ts'

export type ForbiddenFamily =
  | 'function'
  | 'type'
  | 'relation'
  | 'locking'
  | 'modifying_cte'
  | 'select_into'
  | 'second_statement'
  | 'syntax'

const FORBIDDEN_FAMILIES: readonly ForbiddenFamily[] = [
  'function',
  'type',
  'relation',
  'locking',
  'modifying_cte',
  'select_into',
  'second_statement',
  'syntax',
]

export const EXPECTED_REASONS: Readonly<Record<ForbiddenFamily, readonly SqlGuardReason[]>> = {
  function: ['function_not_allowed'],
  type: ['type_not_allowed'],
  relation: ['relation_not_allowed', 'schema_not_allowed'],
  locking: ['locking_clause'],
  modifying_cte: ['data_modifying_cte'],
  select_into: ['select_into'],
  second_statement: ['multiple_statements'],
  syntax: ['syntax_not_allowed'],
}

/** Syntax outside the node allow-list, or field selection that PostgreSQL would run as a call. */
const FORBIDDEN_SYNTAX = [
  "('zava.tenant'::text).current_setting",
  "('/etc/passwd'::text).pg_read_file",
  '(42::bigint).pg_advisory_lock',
  '(t0.*).pg_sleep',
  '$1',
  'xmlelement(name a)',
  "xmlparse(content '<a/>')",
]

const FORBIDDEN_CALLS = [
  "set_config('zava.tenant', 'x', false)",
  "pg_catalog.set_config('role', 'x', true)",
  "current_setting('zava.tenant')",
  'pg_sleep(1)',
  "pg_sleep_for('1 s')",
  '"pg_sleep"(1)',
  'PG_SLEEP(1)',
  'U&"pg\\005fsleep"(1)',
  'pg_catalog.pg_sleep(1)',
  'pg_advisory_lock(42)',
  'pg_try_advisory_xact_lock(42)',
  'pg_advisory_unlock_all()',
  'pg_terminate_backend(1)',
  'pg_cancel_backend(1)',
  'pg_reload_conf()',
  "nextval('retail.s')",
  "setval('s', 1)",
  "currval('s')",
  'lastval()',
  "pg_read_file('/etc/passwd')",
  "pg_read_binary_file('/etc/passwd')",
  "pg_ls_dir('.')",
  "pg_stat_file('x')",
  "lo_import('/etc/passwd')",
  "lo_export(1, '/tmp/x')",
  "dblink('host=x', 'select 1')",
  "dblink_exec('x', 'y')",
  "pg_notify('c', 'm')",
  'txid_current()',
  'pg_current_xact_id()',
  "query_to_xml('delete from retail.orders', true, true, '')",
  "table_to_xml('retail.orders', true, true, '')",
  "xpath('/a', '<a/>')",
  "pg_logical_emit_message(true, 'a', 'b')",
  "pg_create_restore_point('x')",
  'pg_switch_wal()',
  'version()',
  'setseed(0.5)',
  "public.lower('x')",
  'tenancy.visible_store_ids()',
  'retail.touch_updated_at()',
  "to_regclass('pg_authid')",
  'pg_backend_pid()',
  "ts_stat('select 1')",
  "public.cosine_distance('[1]', '[1]')",
  'current_user',
  'session_user',
  'current_schema',
] as const

const FORBIDDEN_CASTS = [
  "'pg_authid'::regclass",
  "regclass 'pg_authid'",
  "CAST('now' AS regproc)",
  "'pg_catalog'::pg_catalog.regnamespace",
  "'zava_owner'::regrole",
  "'int4'::regtype",
  "'<a/>'::xml",
  "'1'::oid",
  "'x'::tenancy.users",
] as const

const FORBIDDEN_RELATIONS = [
  'pg_catalog.pg_authid',
  'pg_authid',
  'pg_roles',
  'pg_catalog.pg_shadow',
  'pg_stat_activity',
  'information_schema.tables',
  'tenancy.users',
  'tenancy.signing_key',
  'zava_meta.schema_migrations',
  'public.secrets',
  'retail.nonexistent',
  'db.retail.orders',
  '"RETAIL".orders',
  'retail."Orders"',
] as const

const LOCKING = [
  'FOR UPDATE',
  'FOR SHARE',
  'FOR NO KEY UPDATE',
  'FOR KEY SHARE',
  'FOR UPDATE OF t0',
  'FOR UPDATE NOWAIT',
  'FOR SHARE SKIP LOCKED',
] as const

const MODIFYING = [
  'DELETE FROM retail.orders RETURNING order_id',
  "UPDATE retail.orders SET status = 'cancelled' RETURNING order_id",
  "INSERT INTO retail.regions (name) VALUES ('x') RETURNING region_id",
  'MERGE INTO retail.orders o USING retail.orders s ON false WHEN NOT MATCHED THEN DO NOTHING RETURNING o.order_id',
] as const

const SECOND_STATEMENTS = [
  'COMMIT',
  'commit; drop table retail.orders',
  'DELETE FROM retail.orders',
  'SET ROLE zava_owner',
  "select set_config('zava.tenant', '', false)",
  'SELECT 1',
  'ROLLBACK',
  'RESET ALL',
] as const

const SEPARATORS = [
  ';',
  '; ',
  ';\n-- next\n',
  '; /* ; */ ',
  ';;',
  '\n;\n',
  ' -- c\n;',
  ' /* x */ ; ',
] as const

const EXPRESSION_SITES = [
  'select',
  'where',
  'order',
  'having',
  'subquery',
  'scalar',
  'cte',
  'lateral',
  'argument',
  'case',
  'filter',
  'window',
  'values',
  'join_on',
] as const

function injectExpression(shape: QueryShape, site: (typeof EXPRESSION_SITES)[number], expr: string): void {
  switch (site) {
    case 'select':
      return void shape.select.push(`${expr} AS inj`)
    case 'where':
      return void shape.where.push(`(${expr}) IS NOT NULL`)
    case 'order':
      return void shape.orderBy.unshift(expr)
    case 'having':
      return void shape.having.push(`(${expr}) IS NOT NULL`)
    case 'subquery':
      return void shape.where.push(`EXISTS (SELECT ${expr})`)
    case 'scalar':
      return void shape.select.push(`(SELECT ${expr}) AS inj`)
    case 'cte':
      shape.ctes.push(`inj AS (SELECT ${expr} AS v)`)
      return void shape.from.push('CROSS JOIN inj')
    case 'lateral':
      return void shape.from.push(`CROSS JOIN LATERAL (SELECT ${expr} AS v) AS inj`)
    case 'argument':
      return void shape.select.push(`coalesce(lower((${expr})::text), '') AS inj`)
    case 'case':
      return void shape.select.push(`CASE WHEN 1 = 1 THEN (${expr})::text ELSE 'x' END AS inj`)
    case 'filter':
      return void shape.select.push(`count(*) FILTER (WHERE (${expr}) IS NOT NULL) AS inj`)
    case 'window':
      return void shape.select.push(`row_number() OVER (ORDER BY ${expr}) AS inj`)
    case 'values':
      return void shape.from.push(`CROSS JOIN (VALUES ((${expr})::text)) AS inj(v)`)
    case 'join_on':
      return void shape.from.push(`JOIN retail.regions inj ON (${expr}) IS NOT NULL`)
  }
}

const RELATION_SITES = ['join', 'exists', 'in', 'cte', 'lateral', 'scalar'] as const

function injectRelation(shape: QueryShape, site: (typeof RELATION_SITES)[number], relation: string): void {
  switch (site) {
    case 'join':
      return void shape.from.push(`CROSS JOIN ${relation} AS inj`)
    case 'exists':
      return void shape.where.push(`EXISTS (SELECT 1 FROM ${relation})`)
    case 'in':
      return void shape.where.push(`1 IN (SELECT 1 FROM ${relation})`)
    case 'cte':
      shape.ctes.push(`inj AS (SELECT * FROM ${relation})`)
      return void shape.from.push('CROSS JOIN inj')
    case 'lateral':
      return void shape.from.push(`CROSS JOIN LATERAL (SELECT * FROM ${relation}) AS inj`)
    case 'scalar':
      return void shape.select.push(`(SELECT count(*) FROM ${relation}) AS inj`)
  }
}

export interface ForbiddenQuery {
  family: ForbiddenFamily
  sql: string
}

/** A valid SELECT with exactly one forbidden element added at a random place. */
export const forbiddenQuery: fc.Arbitrary<ForbiddenQuery> = fc.gen().map((g) => {
  const of = <T>(list: readonly T[]): T => g(() => fc.constantFrom(...list))
  // Cloned: the generated shape may be shared with fast-check's shrinker.
  const shape = structuredClone(g(() => validShape))
  const family = of(FORBIDDEN_FAMILIES)
  switch (family) {
    case 'function':
      injectExpression(shape, of(EXPRESSION_SITES), of(FORBIDDEN_CALLS))
      break
    case 'syntax':
      injectExpression(shape, of(EXPRESSION_SITES), of(FORBIDDEN_SYNTAX))
      break
    case 'type':
      injectExpression(shape, of(EXPRESSION_SITES), of(FORBIDDEN_CASTS))
      break
    case 'relation': {
      const relation = of(FORBIDDEN_RELATIONS)
      injectRelation(shape, of(RELATION_SITES), relation)
      // A CTE named like the catalog table must not make the qualified reference pass.
      const shadow = relation.split('.').at(-1)
      if (relation.includes('.') && shadow && g(fc.boolean))
        shape.ctes.unshift(`${shadow} AS (SELECT 1 AS x)`)
      break
    }
    case 'locking': {
      const clause = of(LOCKING)
      if (g(fc.boolean)) shape.locking = clause
      else shape.where.push(`EXISTS (SELECT 1 FROM retail.orders ${clause})`)
      break
    }
    case 'modifying_cte':
      shape.ctes.push(`inj AS (${of(MODIFYING)})`)
      if (g(fc.boolean)) shape.from.push('CROSS JOIN inj')
      break
    case 'select_into':
      shape.into = 'stolen_copy'
      break
    case 'second_statement': {
      const sql = `${render(shape)}${of(SEPARATORS)}${of(SECOND_STATEMENTS)}`
      return { family, sql: g(fc.boolean) ? `${sql};` : sql }
    }
  }
  return { family, sql: render(shape) }
})
