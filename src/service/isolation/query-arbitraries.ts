import fc from 'fast-check'
import type { IsolationModel } from './model.ts'
import { type GeneratedQuery, QueryBuilder } from './sql-generator.ts'
import { ref, renderTenantSql, TENANT_TABLES } from './sql-template.ts'
import { GROUP_KEYS, TABLE_DEFS } from './sql-vocabulary.ts'
import { Tape } from './tape.ts'

/** The tape: how many choices a query may read (unused ones cost nothing). */
const TAPE = fc.noBias(fc.array(fc.nat({ max: 0xffff }), { minLength: 32, maxLength: 128, size: 'max' }))

const withSql = (query: GeneratedQuery): GeneratedQuery =>
  Object.assign(query, { [fc.toStringMethod]: () => renderTenantSql(query.template, query.qualify) })

/** Realistic analytics SQL over the retail schema (joins, aggregates, windows, subqueries, set operations). */
export function analyticsQuery(model: IsolationModel): fc.Arbitrary<GeneratedQuery> {
  return TAPE.map((values) => withSql(new QueryBuilder(new Tape(values), model).build()))
}

/** Aggregates (count, sum, avg, …) over tenant tables, optionally grouped: property 2's queries. */
export function aggregateQuery(model: IsolationModel): fc.Arbitrary<GeneratedQuery> {
  return TAPE.map((values) => {
    const t = new Tape(values)
    const builder = new QueryBuilder(t, model)
    const table = t.pick(TENANT_TABLES)
    const a = `${TABLE_DEFS[table].prefix}1`
    const columns = builder.columns([{ name: a, table, nullable: false }])
    const numeric = columns.filter((c) => c.kind === 'money' || c.kind === 'count')
    const aggregates = ['count(*)']
    const more = numeric.length > 0 ? t.int(0, 3) : 0
    for (let i = 0; i < more; i++) {
      const column = t.pick(numeric)
      aggregates.push(
        t.pick([`sum(${column.sql})`, `avg(${column.sql})`, `min(${column.sql})`, `max(${column.sql})`]),
      )
    }
    if (t.chance(50)) {
      aggregates.push(
        t.pick([`count(DISTINCT ${a}.store_id)`, `count(DISTINCT ${a}.${TABLE_DEFS[table].pk})`]),
      )
    }
    const key = t.chance(50) ? t.pick(GROUP_KEYS[table] ?? [])(a) : undefined
    const where = builder.where(columns, [])
    const select = [...(key ? [`${key} AS g1`] : []), ...aggregates.map((x, i) => `${x} AS a${i + 1}`)]
    const template = `SELECT ${select.join(', ')} FROM ${ref(table)} ${a}${where}${key ? ` GROUP BY ${key} ORDER BY g1` : ''}`
    return withSql({ shape: 'aggregate', template, ordered: true, qualify: !t.chance(25) })
  })
}
