type Node = Readonly<Record<string, unknown>>

const TRANSACTION_KINDS: ReadonlyMap<string, string> = new Map([
  ['TRANS_STMT_BEGIN', 'BEGIN'],
  ['TRANS_STMT_START', 'START TRANSACTION'],
  ['TRANS_STMT_COMMIT', 'COMMIT'],
  ['TRANS_STMT_ROLLBACK', 'ROLLBACK'],
  ['TRANS_STMT_SAVEPOINT', 'SAVEPOINT'],
  ['TRANS_STMT_RELEASE', 'RELEASE SAVEPOINT'],
  ['TRANS_STMT_ROLLBACK_TO', 'ROLLBACK TO SAVEPOINT'],
  ['TRANS_STMT_PREPARE', 'PREPARE TRANSACTION'],
  ['TRANS_STMT_COMMIT_PREPARED', 'COMMIT PREPARED'],
  ['TRANS_STMT_ROLLBACK_PREPARED', 'ROLLBACK PREPARED'],
])

const FIXED_LABELS: ReadonlyMap<string, string> = new Map([
  ['SelectStmt', 'SELECT'],
  ['VariableShowStmt', 'SHOW'],
  ['CreateTableAsStmt', 'CREATE TABLE AS'],
  ['ViewStmt', 'CREATE VIEW'],
  ['IndexStmt', 'CREATE INDEX'],
  ['CreateStmt', 'CREATE TABLE'],
  ['DeclareCursorStmt', 'DECLARE CURSOR'],
  ['ClosePortalStmt', 'CLOSE'],
  ['DoStmt', 'DO'],
  ['RuleStmt', 'CREATE RULE'],
])

/**
 * A reader's name for a statement node, e.g. 'COMMIT', 'SET ROLE', 'DROP TABLE', 'EXPLAIN'.
 * Unlisted kinds are derived from the node name ('AlterTableStmt' → 'ALTER TABLE').
 */
export function statementLabel(type: string, node: Node): string {
  switch (type) {
    case 'TransactionStmt':
      return TRANSACTION_KINDS.get(String(node.kind)) ?? 'transaction control'
    case 'VariableSetStmt': {
      const verb = node.kind === 'VAR_RESET' || node.kind === 'VAR_RESET_ALL' ? 'RESET' : 'SET'
      const local = node.is_local === true ? ' LOCAL' : ''
      const name = typeof node.name === 'string' ? ` ${node.name.toUpperCase()}` : ''
      return `${verb}${local}${name}`
    }
    case 'DropStmt':
      return `DROP ${objectType(node.removeType)}`
    case 'GrantStmt':
      return node.is_grant === true ? 'GRANT' : 'REVOKE'
    case 'GrantRoleStmt':
      return node.is_grant === true ? 'GRANT role' : 'REVOKE role'
    case 'VacuumStmt':
      return node.is_vacuumcmd === true ? 'VACUUM' : 'ANALYZE'
    case 'FetchStmt':
      return node.ismove === true ? 'MOVE' : 'FETCH'
    case 'ExplainStmt':
      return 'EXPLAIN'
    case 'CopyStmt':
      return 'COPY'
    default:
      return FIXED_LABELS.get(type) ?? fromNodeName(type)
  }
}

function objectType(value: unknown): string {
  return typeof value === 'string' ? value.replace(/^OBJECT_/, '').replaceAll('_', ' ') : 'object'
}

function fromNodeName(type: string): string {
  return type
    .replace(/Stmt$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase()
}
