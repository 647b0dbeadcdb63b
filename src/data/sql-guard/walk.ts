import { ALLOWED_NODES, STRUCT_FIELDS } from './allow-list.ts'
import {
  checkCteQuery,
  checkFieldSelection,
  checkFunction,
  checkOperator,
  checkRelation,
  checkSelectClauses,
  checkTablesample,
  checkType,
  checkValueFunction,
  type Node,
  refusedNode,
} from './checks.ts'
import type { GuardPolicy } from './policy.ts'

/**
 * CTE names visible at a point of the query, innermost WITH first: the entries of one WITH list
 * (name → position) of which the first `visible` can be referenced here.
 */
interface CteScope {
  readonly names: ReadonlyMap<string, number>
  readonly visible: number
  readonly parent: CteScope | undefined
}

interface Frame {
  readonly type: string
  readonly node: Node
  readonly scope: CteScope | undefined
}

export interface SelectFacts {
  /** Tables read, schema-qualified, in order of first mention (CTE references excluded). */
  relations: string[]
  /** Functions called, by name, in order of first mention. */
  functions: string[]
  /** Largest byte offset of any node: where the statement's last tokens start. */
  lastNodeByte: number
}

/**
 * Checks every node of a parsed SELECT against the allow-lists and the policy, and collects the
 * tables and functions it uses. Iterative, so a deep tree cannot overflow the stack. Throws a
 * SqlGuardError naming the first thing refused.
 */
export function checkSelect(select: Node, policy: GuardPolicy): SelectFacts {
  const relations = new Set<string>()
  const functions = new Set<string>()
  let lastNodeByte = -1
  const stack: Frame[] = [{ type: 'SelectStmt', node: select, scope: undefined }]
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { type, node, scope } = frame
    if (!ALLOWED_NODES.has(type)) throw refusedNode(type)
    if (typeof node.location === 'number' && node.location > lastNodeByte) lastNodeByte = node.location
    switch (type) {
      case 'SelectStmt':
        pushSelect(node, scope, stack)
        continue
      case 'CommonTableExpr':
        checkCteQuery(node)
        break
      case 'RangeVar': {
        const relation = checkRelation(node, policy, (name) => inScope(scope, name))
        if (relation) relations.add(relation)
        break
      }
      case 'FuncCall':
        functions.add(checkFunction(node))
        break
      case 'TypeName':
        checkType(node)
        break
      case 'SQLValueFunction':
        checkValueFunction(node)
        break
      case 'A_Expr':
        checkOperator(node.name)
        break
      case 'SubLink':
        checkOperator(node.operName)
        break
      case 'SortBy':
        checkOperator(node.useOp)
        break
      case 'RangeTableSample':
        checkTablesample(node)
        break
      case 'A_Indirection':
        checkFieldSelection(node)
        break
    }
    pushChildren(type, node, scope, stack)
  }
  return { relations: [...relations], functions: [...functions], lastNodeByte }
}

function pushSelect(node: Node, scope: CteScope | undefined, stack: Frame[]): void {
  checkSelectClauses(node)
  const withClause = node.withClause as Node | undefined
  let bodyScope = scope
  if (withClause) {
    const ctes = Array.isArray(withClause.ctes) ? (withClause.ctes as unknown[]) : []
    const names = new Map<string, number>()
    ctes.forEach((cte, i) => {
      const name = String(((cte as Node).CommonTableExpr as Node | undefined)?.ctename)
      if (!names.has(name)) names.set(name, i)
    })
    bodyScope = { names, visible: ctes.length, parent: scope }
    // Like PostgreSQL: a plain WITH entry sees only the entries before it; WITH RECURSIVE, all.
    ctes.forEach((cte, i) => {
      const cteScope = withClause.recursive === true ? bodyScope : { names, visible: i, parent: scope }
      pushValue('WithClause', 'ctes', cte, cteScope, stack)
    })
  }
  pushChildren('SelectStmt', node, bodyScope, stack, 'withClause')
}

function inScope(scope: CteScope | undefined, name: string): boolean {
  for (let s = scope; s; s = s.parent)
    if ((s.names.get(name) ?? Number.POSITIVE_INFINITY) < s.visible) return true
  return false
}

function pushChildren(
  type: string,
  node: Node,
  scope: CteScope | undefined,
  stack: Frame[],
  skip?: string,
): void {
  for (const field in node) {
    if (field === skip) continue
    const value = node[field]
    if (value === null || typeof value !== 'object') continue
    if (Array.isArray(value)) for (const item of value) pushValue(type, field, item, scope, stack)
    else pushValue(type, field, value, scope, stack)
  }
}

function pushValue(
  parent: string,
  field: string,
  value: unknown,
  scope: CteScope | undefined,
  stack: Frame[],
): void {
  if (value === null || typeof value !== 'object') return
  const wrapped = wrappedType(value as Node)
  if (wrapped === '') return // `{}`: the parser's NIL, e.g. a function in FROM without a column list
  if (wrapped !== undefined) {
    stack.push({ type: wrapped, node: (value as Node)[wrapped] as Node, scope })
    return
  }
  const struct = STRUCT_FIELDS.get(`${parent}.${field}`)
  if (struct === undefined) throw refusedNode(`${parent}.${field}`)
  stack.push({ type: struct, node: value as Node, scope })
}

/**
 * `{ NodeType: {...} }` → 'NodeType'; `{}` → ''; a bare struct → undefined. Field names start in
 * lower case, node types in upper case.
 */
function wrappedType(value: Node): string | undefined {
  let key: string | undefined
  for (const k in value) {
    if (key !== undefined) return undefined
    key = k
  }
  if (key === undefined) return ''
  const first = key.charCodeAt(0)
  return first >= 65 && first <= 90 ? key : undefined
}
