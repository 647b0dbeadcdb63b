import { describe, expect, it } from 'bun:test'
import {
  ALLOWED_FUNCTIONS,
  ALLOWED_NODES,
  ALLOWED_TYPES,
  FUNCTION_SCHEMAS,
} from '../../../../src/data/sql-guard/allow-list.ts'

/** Functions with side effects, session state, catalog or file access, or SQL-text execution. */
const NEVER_ALLOWED = [
  'set_config',
  'current_setting',
  'pg_sleep',
  'pg_sleep_for',
  'pg_sleep_until',
  'pg_advisory_lock',
  'pg_advisory_xact_lock',
  'pg_try_advisory_lock',
  'pg_advisory_unlock_all',
  'pg_terminate_backend',
  'pg_cancel_backend',
  'pg_reload_conf',
  'nextval',
  'setval',
  'currval',
  'lastval',
  'pg_read_file',
  'pg_read_binary_file',
  'pg_ls_dir',
  'pg_stat_file',
  'lo_import',
  'lo_export',
  'lo_unlink',
  'dblink',
  'dblink_exec',
  'pg_notify',
  'txid_current',
  'pg_current_xact_id',
  'query_to_xml',
  'table_to_xml',
  'cursor_to_xml',
  'xpath',
  'ts_stat',
  'ts_rewrite',
  'pg_logical_emit_message',
  'pg_create_restore_point',
  'pg_create_logical_replication_slot',
  'pg_switch_wal',
  'setseed',
  'to_regclass',
  'version',
  'pg_backend_pid',
  'has_table_privilege',
  'row_security_active',
  'inet_server_addr',
  'gen_random_uuid',
  'pg_stat_get_activity',
  'pg_get_functiondef',
  'json_populate_record',
  'system_user',
]

describe('the SQL guard allow-lists', () => {
  it('never list a function that has side effects or reads outside the caller’s rows', () => {
    expect(NEVER_ALLOWED.filter((name) => ALLOWED_FUNCTIONS.has(name))).toEqual([])
  })

  it('never list a pg_catalog system function by prefix', () => {
    const systemLike = [...ALLOWED_FUNCTIONS.keys()].filter((name) => /^(pg_|lo_|dblink|txid)/.test(name))
    expect(systemLike).toEqual([])
  })

  it('list names as the parser spells them: lower case, no schema', () => {
    for (const name of ALLOWED_FUNCTIONS.keys()) expect(name).toMatch(/^[a-z][a-z0-9_]*$/)
    for (const name of ALLOWED_TYPES) expect(name).toMatch(/^[a-z][a-z0-9_]*$/)
  })

  it('allow no catalog lookup type', () => {
    expect([...ALLOWED_TYPES].filter((name) => name.startsWith('reg') || name === 'oid')).toEqual([])
  })

  it('allow qualification with pg_catalog only', () => {
    expect([...FUNCTION_SCHEMAS]).toEqual(['pg_catalog'])
  })

  it('allow no statement node but SELECT', () => {
    expect([...ALLOWED_NODES].filter((name) => name.endsWith('Stmt'))).toEqual(['SelectStmt'])
  })
})
