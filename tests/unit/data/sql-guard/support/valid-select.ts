import fc from 'fast-check'
import { type ColumnType, RETAIL_COLUMNS, RETAIL_JOINS } from './retail-model.ts'

/** A SELECT as lists of clause parts, so that a test can add one forbidden part anywhere. */
export interface QueryShape {
  ctes: string[]
  distinct: boolean
  select: string[]
  into?: string
  from: string[]
  where: string[]
  groupBy: string[]
  having: string[]
  orderBy: string[]
  limit?: number
  offset?: number
  locking?: string
  wrap: 'none' | 'subquery' | 'cte' | 'union'
}

export function render(shape: QueryShape): string {
  const parts = [
    shape.ctes.length > 0 ? `WITH ${shape.ctes.join(', ')}` : '',
    `SELECT ${shape.distinct ? 'DISTINCT ' : ''}${shape.select.join(', ')}`,
    shape.into ? `INTO ${shape.into}` : '',
    `FROM ${shape.from.join(' ')}`,
    shape.where.length > 0 ? `WHERE ${shape.where.join(' AND ')}` : '',
    shape.groupBy.length > 0 ? `GROUP BY ${shape.groupBy.join(', ')}` : '',
    shape.having.length > 0 ? `HAVING ${shape.having.join(' AND ')}` : '',
    shape.orderBy.length > 0 ? `ORDER BY ${shape.orderBy.join(', ')}` : '',
    shape.limit === undefined ? '' : `LIMIT ${shape.limit}`,
    shape.offset === undefined ? '' : `OFFSET ${shape.offset}`,
    shape.locking ?? '',
  ]
  const inner = parts.filter((part) => part !== '').join('\n')
  switch (shape.wrap) {
    case 'none':
      return inner
    case 'subquery':
      return `SELECT * FROM (${inner}) AS sub`
    case 'cte':
      return `WITH q AS (${inner}) SELECT * FROM q`
    case 'union':
      return `(${inner})\nUNION ALL\n(${inner})`
  }
}

type Column = { ref: string; type: ColumnType }

const EXPRESSIONS: Record<ColumnType, readonly ((c: string) => string)[]> = {
  text: [
    (c) => `lower(${c})`,
    (c) => `upper(${c})`,
    (c) => `length(${c})`,
    (c) => `left(${c}, 3)`,
    (c) => `concat(${c}, '-')`,
    (c) => `coalesce(${c}, 'n/a')`,
    (c) => `${c} || '!'`,
    (c) => `split_part(${c}, ' ', 1)`,
    (c) => `regexp_replace(${c}, '[aeiou]', '', 'g')`,
    (c) => `substring(${c} FROM 1 FOR 4)`,
    (c) => `trim(${c})`,
    (c) => `position('a' IN ${c})`,
  ],
  numeric: [
    (c) => `round(${c}, 2)`,
    (c) => `${c} * 1.1`,
    (c) => `abs(${c})`,
    (c) => `ceil(${c})`,
    (c) => `${c}::int`,
    (c) => `greatest(${c}, 0)`,
    (c) => `nullif(${c}, 0)`,
    (c) => `CASE WHEN ${c} > 100 THEN 'high' ELSE 'low' END`,
    (c) => `width_bucket(${c}, 0, 1000, 10)`,
    (c) => `to_char(${c}, 'FM999990D00')`,
  ],
  int: [
    (c) => `${c} + 1`,
    (c) => `${c}::numeric / 2`,
    (c) => `mod(${c}, 7)`,
    (c) => `power(${c}, 2)`,
    (c) => `sign(${c})`,
  ],
  date: [
    (c) => `date_trunc('month', ${c})`,
    (c) => `extract(year FROM ${c})`,
    (c) => `${c} + interval '7 days'`,
    (c) => `to_char(${c}, 'YYYY-MM')`,
    (c) => `age(${c})`,
    (c) => `date_part('dow', ${c})`,
    (c) => `${c} - 1`,
  ],
  timestamptz: [
    (c) => `date_trunc('day', ${c})`,
    (c) => `${c}::date`,
    (c) => `extract(epoch FROM ${c})`,
    (c) => `${c} AT TIME ZONE 'UTC'`,
    (c) => `to_char(${c}, 'YYYY-MM-DD HH24:MI')`,
  ],
  bool: [(c) => `CASE WHEN ${c} THEN 'yes' ELSE 'no' END`, (c) => `NOT ${c}`, (c) => `${c} IS TRUE`],
  uuid: [(c) => `${c}::text`, (c) => `left(${c}::text, 8)`],
  vector: [
    (c) => `vector_dims(${c})`,
    (c) => `${c} <=> '[1,2,3]'::vector`,
    (c) => `cosine_distance(${c}, ${c})`,
  ],
}

const AGGREGATES: Record<ColumnType, readonly ((c: string) => string)[]> = {
  numeric: [
    (c) => `sum(${c})`,
    (c) => `avg(${c})`,
    (c) => `max(${c})`,
    (c) => `stddev(${c})`,
    (c) => `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${c})`,
    (c) => `sum(${c}) FILTER (WHERE ${c} > 0)`,
  ],
  int: [(c) => `sum(${c})`, (c) => `avg(${c})`, (c) => `min(${c})`],
  text: [
    (c) => `string_agg(${c}, ', ' ORDER BY ${c})`,
    (c) => `max(${c})`,
    (c) => `count(DISTINCT ${c})`,
    (c) => `mode() WITHIN GROUP (ORDER BY ${c})`,
  ],
  date: [(c) => `max(${c})`, (c) => `min(${c})`],
  timestamptz: [(c) => `max(${c})`],
  bool: [(c) => `bool_or(${c})`, (c) => `count(*) FILTER (WHERE ${c})`],
  uuid: [(c) => `count(DISTINCT ${c})`, (c) => `count(${c})`],
  vector: [(c) => `count(${c})`],
}

const PREDICATES: Record<ColumnType, readonly ((c: string) => string)[]> = {
  text: [
    (c) => `${c} = 'Seattle'`,
    (c) => `${c} ILIKE '%a%'`,
    (c) => `${c} IN ('a', 'b')`,
    (c) => `${c} <> ''`,
    (c) => `${c} ~ '^A'`,
    (c) => `starts_with(${c}, 'A')`,
  ],
  numeric: [(c) => `${c} > 10`, (c) => `${c} BETWEEN 1 AND 100`, (c) => `${c} <> 0`],
  int: [(c) => `${c} >= 0`, (c) => `${c} < 1000`],
  date: [
    (c) => `${c} >= current_date - interval '30 days'`,
    (c) => `${c} < date '2025-06-01'`,
    (c) => `extract(year FROM ${c}) = 2025`,
  ],
  timestamptz: [(c) => `${c} > now() - interval '1 day'`, (c) => `${c}::date = current_date`],
  bool: [(c) => c, (c) => `NOT ${c}`, (c) => `${c} IS TRUE`],
  uuid: [(c) => `${c} = '00000000-0000-0000-0000-000000000000'::uuid`, (c) => `${c} IS NOT NULL`],
  vector: [(c) => `${c} IS NOT NULL`],
}

const WINDOWS: readonly ((partition: string, order: string) => string)[] = [
  (p, o) => `row_number() OVER (PARTITION BY ${p} ORDER BY ${o})`,
  (_p, o) => `rank() OVER (ORDER BY ${o} DESC)`,
  (p, o) => `lag(${o}) OVER (PARTITION BY ${p} ORDER BY ${o})`,
  (p) => `count(*) OVER (PARTITION BY ${p})`,
]

/** Read-only SELECTs over real tables, joins on real keys, and type-correct expressions. */
export const validShape: fc.Arbitrary<QueryShape> = fc.gen().map((g) => {
  const tables = Object.keys(RETAIL_COLUMNS)
  const of = <T>(list: readonly T[]): T => g(() => fc.constantFrom(...list))
  const joined = [of(tables)]
  const from = [`retail.${joined[0]} t0`]
  const joinCount = g(fc.integer, { min: 0, max: 3 })
  for (let i = 0; i < joinCount; i++) {
    const options = RETAIL_JOINS.filter(([a, , b]) => joined.includes(a) !== joined.includes(b))
    if (options.length === 0) break
    const [a, aCol, b, bCol] = of(options)
    const [known, knownCol, added, addedCol] = joined.includes(a) ? [a, aCol, b, bCol] : [b, bCol, a, aCol]
    const kind = of(['JOIN', 'LEFT JOIN', 'INNER JOIN'])
    from.push(
      `${kind} retail.${added} t${joined.length} ON t${joined.length}.${addedCol} = t${joined.indexOf(known)}.${knownCol}`,
    )
    joined.push(added)
  }
  const columns: Column[] = joined.flatMap((table, i) =>
    Object.entries(RETAIL_COLUMNS[table] ?? {}).map(([name, type]) => ({ ref: `t${i}.${name}`, type })),
  )
  const pick = () => of(columns)
  const shape: QueryShape = {
    ctes: [],
    distinct: false,
    select: [],
    from,
    where: [],
    groupBy: [],
    having: [],
    orderBy: [],
    wrap: of(['none', 'none', 'subquery', 'cte', 'union'] as const),
  }
  if (g(fc.boolean)) {
    shape.ctes.push(`params AS (SELECT current_date - interval '90 days' AS since)`)
    shape.from.push('CROSS JOIN params')
  }
  if (g(fc.boolean)) {
    for (let i = g(fc.integer, { min: 1, max: 2 }); i > 0; i--) {
      const column = pick()
      shape.groupBy.push(column.ref)
      shape.select.push(`${column.ref} AS g${shape.select.length}`)
    }
    for (let i = g(fc.integer, { min: 1, max: 3 }); i > 0; i--) {
      const column = pick()
      shape.select.push(`${of(AGGREGATES[column.type])(column.ref)} AS a${shape.select.length}`)
    }
    if (g(fc.boolean)) shape.having.push(`count(*) > ${g(fc.integer, { min: 0, max: 50 })}`)
  } else {
    shape.distinct = g(fc.boolean)
    for (let i = g(fc.integer, { min: 1, max: 5 }); i > 0; i--) {
      const column = pick()
      const expr = g(fc.boolean) ? column.ref : of(EXPRESSIONS[column.type])(column.ref)
      shape.select.push(`${expr} AS c${shape.select.length}`)
    }
    if (!shape.distinct && g(fc.boolean)) shape.select.push(`${of(WINDOWS)(pick().ref, pick().ref)} AS w`)
  }
  for (let i = g(fc.integer, { min: 0, max: 3 }); i > 0; i--) {
    const column = pick()
    shape.where.push(of(PREDICATES[column.type])(column.ref))
  }
  const referencing = RETAIL_JOINS.filter(([, , referenced]) => joined.includes(referenced))
  if (referencing.length > 0 && g(fc.boolean)) {
    const [table, column, referenced, referencedColumn] = of(referencing)
    const alias = `t${joined.indexOf(referenced)}`
    shape.where.push(
      `EXISTS (SELECT 1 FROM retail.${table} x WHERE x.${column} = ${alias}.${referencedColumn})`,
    )
  }
  for (let i = g(fc.integer, { min: 0, max: 2 }); i > 0; i--) {
    const position = g(fc.integer, { min: 1, max: shape.select.length })
    shape.orderBy.push(`${position}${of(['', ' ASC', ' DESC', ' DESC NULLS LAST'])}`)
  }
  if (g(fc.boolean)) shape.limit = g(fc.integer, { min: 1, max: 1000 })
  if (shape.limit !== undefined && g(fc.boolean)) shape.offset = g(fc.integer, { min: 0, max: 100 })
  return shape
})

/** Comments, whitespace and semicolons an assistant may put around its query. */
export const decoration = fc.record({
  before: fc.constantFrom('', '\n  ', '-- revenue question\n', '/* asked by a manager */ ', '\t'),
  after: fc.constantFrom('', ';', ' ;', ';\n', '; -- done', '\n-- the end', ' /* ; */ ;', ';;', '\n'),
})
