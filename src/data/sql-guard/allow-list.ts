/**
 * What a guarded query may contain, as data. Everything not listed here is refused: a new
 * PostgreSQL function or syntax stays out until someone decides it is safe and adds it.
 *
 * A function qualifies when it is side-effect free (no writes, locks, sequences, session state,
 * signals, files or network), does not run SQL text it is given, and reveals nothing beyond the
 * rows the caller can already read (no settings, no catalog probing).
 */

/** Splits a whitespace-separated list: keeps long lists of names readable. */
const words = (list: string): readonly string[] => list.trim().split(/\s+/)

interface Family {
  readonly why: string
  readonly names: readonly string[]
}

const FUNCTION_FAMILIES = {
  aggregate: {
    why: 'Summaries over the rows the query already reads.',
    names: words(`
      count sum avg min max any_value string_agg array_agg json_agg jsonb_agg json_agg_strict
      jsonb_agg_strict json_object_agg jsonb_object_agg json_object_agg_strict jsonb_object_agg_strict
      json_object_agg_unique jsonb_object_agg_unique json_object_agg_unique_strict
      jsonb_object_agg_unique_strict range_agg range_intersect_agg bool_and bool_or every bit_and
      bit_or bit_xor stddev stddev_pop stddev_samp variance var_pop var_samp percentile_cont
      percentile_disc mode corr covar_pop covar_samp regr_avgx regr_avgy regr_count regr_intercept
      regr_r2 regr_slope regr_sxx regr_sxy regr_syy
    `),
  },
  window: {
    why: 'Rankings and neighbours within a partition of the result.',
    names: words(`
      row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
    `),
  },
  math: {
    why: 'Pure arithmetic; random() is nondeterministic but stateless (setseed is not).',
    names: words(`
      abs round ceil ceiling floor trunc sqrt cbrt power pow exp ln log log10 mod sign div width_bucket
      pi degrees radians gcd lcm factorial scale min_scale trim_scale random random_normal
    `),
  },
  string: {
    why: 'Pure text functions; regular expressions and repeat() are bounded by the statement timeout.',
    names: words(`
      lower upper initcap length char_length character_length octet_length substr substring position
      strpos btrim ltrim rtrim replace split_part concat concat_ws left right lpad rpad reverse repeat
      translate overlay format ascii chr md5 starts_with normalize is_normalized casefold to_hex
      like_escape similar_to_escape regexp_replace regexp_match regexp_matches regexp_like regexp_count
      regexp_instr regexp_substr regexp_split_to_array regexp_split_to_table string_to_array
      string_to_table to_char to_number to_date to_timestamp
    `),
  },
  dateTime: {
    why: 'Calendar arithmetic; generate_series is bounded by the statement timeout.',
    names: words(`
      now clock_timestamp statement_timestamp transaction_timestamp date_trunc date_part extract
      date_bin age isfinite timezone overlaps make_date make_time make_interval make_timestamp
      make_timestamptz justify_days justify_hours justify_interval date_add date_subtract
      generate_series
    `),
  },
  cast: {
    why: 'Function-style casts to ordinary types, e.g. date(created_at).',
    names: words(`
      date text numeric int4 int8 float8
    `),
  },
  json: {
    why: 'Building and reading JSON values.',
    names: words(`
      to_json to_jsonb row_to_json array_to_json json_build_object jsonb_build_object json_build_array
      jsonb_build_array json_object jsonb_object json_each jsonb_each json_each_text jsonb_each_text
      json_array_elements jsonb_array_elements json_array_elements_text jsonb_array_elements_text
      json_array_length jsonb_array_length json_object_keys jsonb_object_keys json_extract_path
      jsonb_extract_path json_extract_path_text jsonb_extract_path_text json_typeof jsonb_typeof
      json_strip_nulls jsonb_strip_nulls jsonb_pretty jsonb_set jsonb_insert json_to_record
      json_to_recordset jsonb_to_record jsonb_to_recordset jsonb_path_query jsonb_path_query_array
      jsonb_path_query_first jsonb_path_exists jsonb_path_match
    `),
  },
  array: {
    why: 'Pure array functions.',
    names: words(`
      array_length array_lower array_upper array_ndims cardinality unnest array_position
      array_positions array_to_string array_append array_prepend array_cat array_remove array_replace
      array_sort array_reverse trim_array generate_subscripts
    `),
  },
  range: {
    why: 'Range constructors and accessors (lower/upper are listed with strings).',
    names: words(`
      daterange tsrange tstzrange numrange int4range int8range isempty lower_inc upper_inc lower_inf
      upper_inf range_merge
    `),
  },
  textSearch: {
    why: 'Full-text matching on product text (not ts_stat or ts_rewrite: they run SQL text).',
    names: words(`
      to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank ts_rank_cd
      ts_headline setweight
    `),
  },
  nulls: {
    why: 'Counting NULLs (coalesce, nullif, greatest and least are syntax, not calls).',
    names: words(`
      num_nulls num_nonnulls
    `),
  },
  vector: {
    why: 'pgvector distances and sizes for semantic search (operators like <=> need no listing).',
    names: words(`
      cosine_distance l2_distance l1_distance inner_product vector_dims vector_norm l2_normalize
      subvector
    `),
  },
} as const satisfies Record<string, Family>

export type FunctionFamily = keyof typeof FUNCTION_FAMILIES

/** Allowed function names (as the parser spells them: lower case unless quoted) → family. */
export const ALLOWED_FUNCTIONS: ReadonlyMap<string, FunctionFamily> = new Map(
  Object.entries(FUNCTION_FAMILIES).flatMap(([family, { names }]) =>
    names.map((name) => [name, family as FunctionFamily] as const),
  ),
)

/** Schemas an allowed function or operator may be qualified with (`pg_catalog.lower(x)`). */
export const FUNCTION_SCHEMAS: ReadonlySet<string> = new Set(['pg_catalog'])

/**
 * Why some well-known functions are refused, for the hint. Advice only: refusal comes from the
 * allow-list above, not from this list.
 */
export const REFUSED_FUNCTION_ADVICE: readonly (readonly [RegExp, string])[] = [
  [
    /^(set_config|current_setting)$/,
    'Settings are managed by the server; your store scope is applied automatically.',
  ],
  [/^pg_sleep/, 'Delays are not available.'],
  [/^pg_(try_)?advisory/, 'Locks are not available: queries are read-only.'],
  [/^(nextval|setval|currval|lastval)$/, 'Sequences are not available: queries are read-only.'],
  [
    /^(query_to_xml|query_to_xml_and_xmlschema|table_to_xml|cursor_to_xml|xpath|ts_stat|ts_rewrite)/,
    'Functions that run SQL text are not available: write the subquery directly.',
  ],
  [/^(txid_current|pg_current_xact_id)/, 'Transaction ids are not available.'],
  [
    /^(dblink|lo_|pg_read|pg_ls_|pg_stat_file|pg_file)/,
    'Files, large objects and remote connections are not available.',
  ],
]

/**
 * Types a value may be cast to (`x::numeric`, `CAST(x AS date)`, `date '2025-01-01'`), as the parser
 * spells them (`integer` is int4): numbers, text, date/time, ranges, JSON, full text, pgvector.
 * Not the reg* lookup types, which turn names into catalog probes.
 */
export const ALLOWED_TYPES: ReadonlySet<string> = new Set(
  words(`
    int2 int4 int8 numeric float4 float8 money bool
    text varchar bpchar bytea bit varbit uuid
    date time timetz timestamp timestamptz interval
    daterange tsrange tstzrange numrange int4range int8range
    json jsonb jsonpath tsvector tsquery vector halfvec sparsevec
  `),
)

/** Date and time keywords (`current_date`, `localtimestamp`); not current_user and friends. */
export const ALLOWED_VALUE_FUNCTIONS: ReadonlySet<string> = new Set([
  'SVFOP_CURRENT_DATE',
  'SVFOP_CURRENT_TIME',
  'SVFOP_CURRENT_TIME_N',
  'SVFOP_CURRENT_TIMESTAMP',
  'SVFOP_CURRENT_TIMESTAMP_N',
  'SVFOP_LOCALTIME',
  'SVFOP_LOCALTIME_N',
  'SVFOP_LOCALTIMESTAMP',
  'SVFOP_LOCALTIMESTAMP_N',
])

/** Built-in TABLESAMPLE methods; extension methods are functions we have not reviewed. */
export const ALLOWED_TABLESAMPLE_METHODS: ReadonlySet<string> = new Set(['system', 'bernoulli'])

/**
 * Parse-tree nodes a read-only SELECT may contain: query structure, FROM items, values and
 * references, expressions, SQL/JSON constructors (not JSON_TABLE, not XML). Checks for some of
 * them live in walk.ts.
 */
export const ALLOWED_NODES: ReadonlySet<string> = new Set(
  words(`
    SelectStmt WithClause CommonTableExpr CTESearchClause CTECycleClause ResTarget SortBy WindowDef
    GroupingSet List
    RangeVar Alias JoinExpr RangeSubselect RangeFunction RangeTableSample ColumnDef
    A_Const Integer Float String Boolean BitString ColumnRef A_Star A_Indirection A_Indices
    A_ArrayExpr RowExpr
    A_Expr BoolExpr NullTest BooleanTest CaseExpr CaseWhen CoalesceExpr MinMaxExpr SubLink FuncCall
    NamedArgExpr SQLValueFunction GroupingFunc TypeCast TypeName CollateClause
    JsonValueExpr JsonFormat JsonOutput JsonReturning JsonKeyValue JsonBehavior JsonArgument
    JsonObjectConstructor JsonArrayConstructor JsonArrayQueryConstructor JsonAggConstructor
    JsonObjectAgg JsonArrayAgg JsonIsPredicate JsonFuncExpr JsonParseExpr JsonScalarExpr
    JsonSerializeExpr
  `),
)

/**
 * The parser's JSON wraps most children as `{ NodeType: {...} }`, but fields typed as one specific
 * struct are bare. This says which struct a bare child of `Parent.field` is; any other bare object
 * is refused, so an unexpected tree shape fails closed.
 */
export const STRUCT_FIELDS: ReadonlyMap<string, string> = new Map([
  ['A_Const.ival', 'Integer'],
  ['A_Const.fval', 'Float'],
  ['A_Const.sval', 'String'],
  ['A_Const.boolval', 'Boolean'],
  ['A_Const.bsval', 'BitString'],
  ['SelectStmt.withClause', 'WithClause'],
  ['SelectStmt.intoClause', 'IntoClause'],
  ['SelectStmt.larg', 'SelectStmt'],
  ['SelectStmt.rarg', 'SelectStmt'],
  ['RangeVar.alias', 'Alias'],
  ['RangeSubselect.alias', 'Alias'],
  ['RangeFunction.alias', 'Alias'],
  ['JoinExpr.alias', 'Alias'],
  ['JoinExpr.join_using_alias', 'Alias'],
  ['FuncCall.over', 'WindowDef'],
  ['JsonAggConstructor.over', 'WindowDef'],
  ['TypeCast.typeName', 'TypeName'],
  ['ColumnDef.typeName', 'TypeName'],
  ['JsonOutput.typeName', 'TypeName'],
  ['ColumnDef.collClause', 'CollateClause'],
  ['CommonTableExpr.search_clause', 'CTESearchClause'],
  ['CommonTableExpr.cycle_clause', 'CTECycleClause'],
  ['JsonArrayAgg.arg', 'JsonValueExpr'],
  ['JsonObjectAgg.arg', 'JsonKeyValue'],
  ['JsonArrayAgg.constructor', 'JsonAggConstructor'],
  ['JsonObjectAgg.constructor', 'JsonAggConstructor'],
  ['JsonKeyValue.value', 'JsonValueExpr'],
  ['JsonFuncExpr.context_item', 'JsonValueExpr'],
  ['JsonParseExpr.expr', 'JsonValueExpr'],
  ['JsonSerializeExpr.expr', 'JsonValueExpr'],
  ['JsonArgument.val', 'JsonValueExpr'],
  ['JsonValueExpr.format', 'JsonFormat'],
  ['JsonIsPredicate.format', 'JsonFormat'],
  ['JsonReturning.format', 'JsonFormat'],
  ['JsonArrayQueryConstructor.format', 'JsonFormat'],
  ['JsonAggConstructor.output', 'JsonOutput'],
  ['JsonArrayConstructor.output', 'JsonOutput'],
  ['JsonArrayQueryConstructor.output', 'JsonOutput'],
  ['JsonFuncExpr.output', 'JsonOutput'],
  ['JsonObjectConstructor.output', 'JsonOutput'],
  ['JsonParseExpr.output', 'JsonOutput'],
  ['JsonScalarExpr.output', 'JsonOutput'],
  ['JsonSerializeExpr.output', 'JsonOutput'],
  ['JsonOutput.returning', 'JsonReturning'],
  ['JsonFuncExpr.on_empty', 'JsonBehavior'],
  ['JsonFuncExpr.on_error', 'JsonBehavior'],
])

/** How refused syntax is named in messages, with advice where there is a better way. */
export const REFUSED_NODE_ADVICE: ReadonlyMap<string, readonly [label: string, advice: string]> = new Map([
  ['ParamRef', ['Parameters ($1, $2, …)', 'Write the values inline as literals.']],
  ['XmlExpr', ['XML functions', 'Build JSON instead (json_build_object, json_agg).']],
  ['XmlSerialize', ['XMLSERIALIZE', 'Build JSON instead (json_build_object, json_agg).']],
  ['RangeTableFunc', ['XMLTABLE', 'Use jsonb_to_recordset or unnest instead.']],
  ['JsonTable', ['JSON_TABLE', 'Use jsonb_to_recordset or jsonb_array_elements instead.']],
  ['CurrentOfExpr', ['WHERE CURRENT OF', 'Cursors are managed by the server.']],
])
