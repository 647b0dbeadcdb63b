import type { IsolationModel } from './model.ts'
import { ref, type Table, TENANT_TABLES } from './sql-template.ts'
import {
  AGGREGATES,
  COUNT_THRESHOLDS,
  type ColumnKind,
  EDGES,
  GROUP_KEYS,
  LIMITS,
  MONEY_THRESHOLDS,
  PROJECTIONS,
  SCALAR_SUBQUERIES,
  STATUSES,
  SUBQUERY_PREDICATES,
  TABLE_DEFS,
} from './sql-vocabulary.ts'
import type { Tape } from './tape.ts'

/** One generated analytics query, as a template (see sql-template.ts). */
export interface GeneratedQuery {
  shape: QueryShape
  template: string
  /** The ORDER BY is total: results compare in order; otherwise as multisets. */
  ordered: boolean
  /** Name tables as retail.x (true) or bare x (search_path). */
  qualify: boolean
}

export const QUERY_SHAPES = [
  'aggregate',
  'projection',
  'window',
  'distinct',
  'set-operation',
  'cte',
  'derived',
] as const
export type QueryShape = (typeof QUERY_SHAPES)[number]

interface Alias {
  name: string
  table: Table
  nullable: boolean
}

interface Column {
  sql: string
  name: string
  kind: ColumnKind
  nullable: boolean
}

/** Builds one query from a tape; `model` supplies store ids, dates and names to filter on. */
export class QueryBuilder {
  #subqueries = 0
  constructor(
    private readonly t: Tape,
    private readonly model: IsolationModel,
  ) {}

  build(): GeneratedQuery {
    const shape = this.t.pick(QUERY_SHAPES)
    const qualify = !this.t.chance(25)
    switch (shape) {
      case 'aggregate':
        return { shape, qualify, ...this.aggregate() }
      case 'projection':
        return { shape, qualify, ...this.projection(false) }
      case 'window':
        return { shape, qualify, ...this.projection(true) }
      case 'distinct':
        return { shape, qualify, ...this.distinct() }
      case 'set-operation':
        return { shape, qualify, ...this.setOperation() }
      case 'cte':
      case 'derived':
        return { shape, qualify, ...this.wrapped(shape) }
    }
  }

  /** SELECT keys, aggregates [, window over aggregates] … GROUP BY [ROLLUP] … ORDER BY keys LIMIT. */
  aggregate(): { template: string; ordered: boolean; firstKeyIsStore: boolean } {
    const from = this.from()
    const columns = this.columns(from.aliases)
    const keyCount = this.t.int(0, 2)
    const keys = unique(
      Array.from({ length: keyCount }, () => {
        const alias = this.t.pick(from.aliases)
        return this.t.pick(GROUP_KEYS[alias.table] ?? [(a: string) => `${a}.${TABLE_DEFS[alias.table].pk}`])(
          alias.name,
        )
      }),
    )
    const aggregates = ['count(*)']
    const extra = this.t.int(0, 3)
    for (let i = 0; i < extra; i++) {
      const column = this.t.pick(columns)
      aggregates.push(this.t.pick(AGGREGATES[column.kind])(column.sql))
    }
    const windows: string[] = []
    if (keys.length > 0 && this.t.chance(40)) {
      windows.push(
        this.t.pick([
          'round(100.0 * count(*) / nullif(sum(count(*)) OVER (), 0), 4)',
          'rank() OVER (ORDER BY count(*) DESC)',
          'sum(count(*)) OVER ()',
          `dense_rank() OVER (ORDER BY ${aggregates.at(-1)})`,
        ]),
      )
    }
    const rollup = keys.length > 0 && this.t.chance(20)
    const select = [
      ...keys.map((k, i) => `${k} AS g${i + 1}`),
      ...aggregates.map((a, i) => `${a} AS a${i + 1}`),
      ...windows.map((w, i) => `${w} AS w${i + 1}`),
    ]
    const where = this.where(columns, from.aliases)
    const having = this.t.chance(20) ? ` HAVING count(*) > ${this.t.pick(COUNT_THRESHOLDS)}` : ''
    const groupBy =
      keys.length === 0 ? '' : ` GROUP BY ${rollup ? `ROLLUP (${keys.join(', ')})` : keys.join(', ')}`
    const orderKeys = keys.map((_, i) => `g${i + 1}`)
    const orderBy =
      keys.length === 0
        ? ''
        : ` ORDER BY ${rollup ? `grouping(${keys.join(', ')}), ` : ''}${orderKeys.join(', ')} LIMIT 500`
    return {
      template: `SELECT ${select.join(', ')} FROM ${from.sql}${where}${groupBy}${having}${orderBy}`,
      ordered: true,
      firstKeyIsStore: /\.store_id$/.test(keys[0] ?? ''),
    }
  }

  /** Rows with computed columns, scalar subqueries and window functions, totally ordered, limited. */
  projection(withWindows: boolean): { template: string; ordered: boolean } {
    const from = this.from()
    const columns = this.columns(from.aliases)
    const pks = from.aliases.map((a) => `${a.name}.${TABLE_DEFS[a.table].pk}`)
    const select: string[] = []
    const count = this.t.int(1, 4)
    for (let i = 0; i < count; i++) {
      const column = this.t.pick(columns)
      select.push(this.t.pick(PROJECTIONS[column.kind])(column.sql))
    }
    if (this.t.chance(30)) {
      const options = SCALAR_SUBQUERIES.flatMap((s) =>
        s.needs === undefined
          ? [s.sql('', this.sq())]
          : columns.filter((c) => c.name === s.needs).map((c) => s.sql(c.sql, this.sq())),
      )
      select.push(this.t.pick(options))
    }
    if (withWindows) {
      const values = columns.filter((c) => c.kind === 'money' || c.kind === 'count')
      const windowCount = this.t.int(1, 2)
      for (let i = 0; i < windowCount; i++) select.push(this.window(from.aliases, values, pks))
    }
    const where = this.where(columns, from.aliases)
    const limit = this.t.pick(LIMITS)
    return {
      template: `SELECT ${select.map((s, i) => `${s} AS c${i + 1}`).join(', ')} FROM ${from.sql}${where} ORDER BY ${pks.join(', ')} LIMIT ${limit}`,
      ordered: true,
    }
  }

  window(aliases: readonly Alias[], values: readonly Column[], pks: readonly string[]): string {
    const alias = this.t.pick(aliases)
    const partition = this.t.chance(60)
      ? `PARTITION BY ${this.t.pick(GROUP_KEYS[alias.table] ?? [(a: string) => `${a}.${TABLE_DEFS[alias.table].pk}`])(alias.name)} `
      : ''
    const order = pks.join(', ')
    const v = values.length > 0 ? this.t.pick(values).sql : `length(${pks[0]}::text)`
    return this.t.pick([
      `count(*) OVER (${partition.trim()})`,
      `sum(${v}) OVER (${partition.trim()})`,
      `row_number() OVER (${partition}ORDER BY ${order})`,
      `rank() OVER (${partition}ORDER BY ${v} DESC)`,
      `dense_rank() OVER (${partition}ORDER BY ${v})`,
      `lag(${v}) OVER (${partition}ORDER BY ${order})`,
      `lead(${v}, 2) OVER (${partition}ORDER BY ${order})`,
      `sum(${v}) OVER (${partition}ORDER BY ${order})`,
      `avg(${v}) OVER (ORDER BY ${order} ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)`,
      `ntile(4) OVER (ORDER BY ${v}, ${order})`,
      `percent_rank() OVER (${partition}ORDER BY ${v})`,
      `first_value(${v}) OVER (${partition}ORDER BY ${order})`,
    ])
  }

  /** SELECT DISTINCT of low-cardinality keys: small, and compared as a set. */
  distinct(): { template: string; ordered: boolean } {
    const from = this.from()
    const columns = this.columns(from.aliases)
    const count = this.t.int(1, 2)
    const keys = unique(
      Array.from({ length: count }, () => {
        const alias = this.t.pick(from.aliases)
        return this.t.pick(GROUP_KEYS[alias.table] ?? [(a: string) => `${a}.${TABLE_DEFS[alias.table].pk}`])(
          alias.name,
        )
      }),
    )
    const where = this.where(columns, from.aliases)
    return {
      template: `SELECT DISTINCT ${keys.map((k, i) => `${k} AS k${i + 1}`).join(', ')} FROM ${from.sql}${where}`,
      ordered: false,
    }
  }

  /** UNION [ALL] / INTERSECT / EXCEPT of per-store summaries or store-id sets of tenant tables. */
  setOperation(): { template: string; ordered: boolean } {
    const branches = this.t.int(2, 3)
    if (this.t.chance(50)) {
      const op = this.t.pick(['UNION ALL', 'UNION'])
      const parts = Array.from({ length: branches }, (_, i) => {
        const table = this.t.pick(TENANT_TABLES)
        const a = `u${i + 1}`
        const money = Object.entries(TABLE_DEFS[table].columns).filter(
          ([, k]) => k === 'money' || k === 'count',
        )
        const total =
          money.length > 0 ? `coalesce(sum(${a}.${this.t.pick(money)[0]}), 0)::numeric` : '0::numeric'
        const where = this.where(this.columns([{ name: a, table, nullable: false }]), [])
        return `SELECT 'b${i + 1}:${table}' AS source, ${a}.store_id AS store_id, count(*) AS n, ${total} AS total FROM ${ref(table)} ${a}${where} GROUP BY ${a}.store_id`
      })
      return { template: parts.join(` ${op} `), ordered: false }
    }
    const parts = Array.from({ length: branches }, (_, i) => {
      const table = this.t.pick(TENANT_TABLES)
      const a = `u${i + 1}`
      const where = this.where(this.columns([{ name: a, table, nullable: false }]), [])
      return `SELECT DISTINCT ${a}.store_id FROM ${ref(table)} ${a}${where}`
    })
    const ops = parts.slice(1).map(() => this.t.pick(['UNION', 'INTERSECT', 'EXCEPT', 'UNION ALL']))
    return { template: parts.reduce((sql, part, i) => `${sql} ${ops[i - 1]} ${part}`), ordered: false }
  }

  /** An aggregate or projection used as a CTE or derived table, read again (and joined to stores). */
  wrapped(shape: 'cte' | 'derived'): { template: string; ordered: boolean } {
    const inner = this.t.chance(50) ? this.aggregate() : { ...this.projection(false), firstKeyIsStore: false }
    const outer = this.t.pick(['all', 'count', 'stores'] as const)
    const source = shape === 'cte' ? 'q' : `(${inner.template}) q`
    const body =
      outer === 'count'
        ? `SELECT count(*) AS n FROM ${source}`
        : outer === 'stores' && inner.firstKeyIsStore
          ? `SELECT q.*, st.name AS store_name FROM ${source} JOIN ${ref('stores')} st ON st.store_id = q.g1`
          : `SELECT * FROM ${source}`
    return { template: shape === 'cte' ? `WITH q AS (${inner.template}) ${body}` : body, ordered: false }
  }

  /** A tenant table (mostly), joined along 0–3 edges, some of them LEFT JOINs. */
  from(): { sql: string; aliases: Alias[] } {
    const base = this.t.pick<Table>([
      'orders',
      'order_items',
      'customers',
      'inventory',
      'stores',
      'orders',
      'products',
      'regions',
    ])
    const aliases: Alias[] = [{ name: `${TABLE_DEFS[base].prefix}1`, table: base, nullable: false }]
    let sql = `${ref(base)} ${aliases[0]!.name}`
    const steps = this.t.int(0, 3)
    // Aliases that already meet many rows of another alias: one more such join would multiply rows.
    const hasMany = new Set<string>()
    let crossStore = false
    for (let i = 0; i < steps; i++) {
      const options = aliases.flatMap((alias) =>
        EDGES.filter(
          (e) =>
            e.from === alias.table &&
            (e.fan === undefined ||
              (e.fan === 'many' && !hasMany.has(alias.name)) ||
              (e.fan === 'cross-store' && !crossStore && hasMany.size === 0)),
        ).map((edge) => ({ alias, edge })),
      )
      if (options.length === 0) break
      const { alias, edge } = this.t.pick(options)
      const left = edge.outer && this.t.chance(50)
      const name = `${TABLE_DEFS[edge.to].prefix}${aliases.length + 1}`
      if (edge.fan === undefined) hasMany.add(name)
      else hasMany.add(alias.name)
      if (edge.fan === 'cross-store') {
        crossStore = true
        hasMany.add(name)
      }
      aliases.push({ name, table: edge.to, nullable: left || alias.nullable })
      sql += ` ${left ? 'LEFT JOIN' : 'JOIN'} ${ref(edge.to)} ${name} ON ${edge.on(alias.name, name)}`
    }
    return { sql, aliases }
  }

  columns(aliases: readonly Alias[]): Column[] {
    return aliases.flatMap((a) =>
      Object.entries(TABLE_DEFS[a.table].columns).map(([name, kind]) => ({
        sql: `${a.name}.${name}`,
        name,
        kind,
        nullable: a.nullable,
      })),
    )
  }

  where(columns: readonly Column[], _aliases: readonly Alias[]): string {
    const count = this.t.int(0, 2)
    const predicates: string[] = []
    for (let i = 0; i < count; i++) {
      const subqueries = SUBQUERY_PREDICATES.flatMap((p) =>
        columns.filter((c) => c.name === p.needs).map((c) => ({ p, c })),
      )
      if (subqueries.length > 0 && this.t.chance(30)) {
        const { p, c } = this.t.pick(subqueries)
        predicates.push(p.sql(c.sql, this.sq(), this.t.next()))
      } else {
        predicates.push(this.predicate(this.t.pick(columns)))
      }
    }
    return predicates.length === 0 ? '' : ` WHERE ${predicates.join(this.t.chance(20) ? ' OR ' : ' AND ')}`
  }

  predicate(column: Column): string {
    const c = column.sql
    const t = this.t
    switch (column.kind) {
      case 'store': {
        const store = () => `'${t.pick(this.model.stores).storeId}'`
        return t.pick([
          () => `${c} = ${store()}`,
          () => `${c} <> ${store()}`,
          () => `${c} IN (${store()}, ${store()})`,
          () => `${c} = ANY(ARRAY[${store()}, ${store()}]::uuid[])`,
        ])()
      }
      case 'date':
        return t.pick([
          () => `${c} >= DATE '${this.day()}'`,
          () => `${c} < DATE '${this.day()}'`,
          () => `${c} BETWEEN DATE '${this.day()}' AND DATE '${this.day()}'`,
          () => `extract(isodow FROM ${c}) IN (6, 7)`,
        ])()
      case 'status':
        return t.pick([
          () => `${c} IN ('completed', 'shipped')`,
          () => `${c} = '${t.pick(STATUSES)}'`,
          () => `${c} <> 'cancelled'`,
        ])()
      case 'money':
        return t.pick([
          () => `${c} > ${t.pick(MONEY_THRESHOLDS)}`,
          () => `${c} BETWEEN ${t.pick(MONEY_THRESHOLDS)} AND ${t.pick(MONEY_THRESHOLDS) * 2}`,
        ])()
      case 'count':
        return t.pick([
          () => `${c} >= ${t.pick(COUNT_THRESHOLDS)}`,
          () => `${c} < ${t.pick(COUNT_THRESHOLDS)}`,
        ])()
      case 'text':
        return t.pick([
          () => `${c} LIKE '${String.fromCharCode(65 + (t.next() % 26))}%'`,
          () =>
            `${c} = ${literal(t.pick(column.name === 'brand' ? this.model.brands : this.model.lastNames))}`,
          () => `length(${c}) > ${t.int(3, 12)}`,
        ])()
      case 'bool':
        return t.pick([() => c, () => `NOT ${c}`])()
      case 'id':
        return column.nullable ? t.pick([`${c} IS NOT NULL`, `${c} IS NULL`]) : `${c} IS NOT NULL`
    }
  }

  day(): string {
    const first = Date.parse(`${this.model.firstOrderDate}T00:00:00Z`)
    const last = Date.parse(`${this.model.lastOrderDate}T00:00:00Z`)
    const days = Math.max(1, Math.round((last - first) / 86_400_000))
    return new Date(first + (this.t.next() % (days + 1)) * 86_400_000).toISOString().slice(0, 10)
  }

  sq(): string {
    this.#subqueries += 1
    return `sq${this.#subqueries}`
  }
}

const unique = (items: string[]) => [...new Set(items)]
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`
