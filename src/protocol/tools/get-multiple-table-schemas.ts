import { z } from 'zod'
import { RETAIL_TABLES } from '../../service/table-schemas.ts'
import { defineTool } from '../define-tool.ts'

const Value = z.union([z.string(), z.number(), z.boolean()])

const TableSchema = z.object({
  table: z.string(),
  description: z.string().nullable(),
  row_level_security: z.boolean().describe('true: you only see the rows of the stores you may access'),
  columns: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      nullable: z.boolean(),
      default: z.string().nullable(),
      description: z.string().nullable(),
    }),
  ),
  primary_key: z.array(z.string()),
  foreign_keys: z.array(z.object({ columns: z.array(z.string()), references: z.string() })),
  unique: z.array(z.array(z.string())),
  checks: z.array(z.string()),
  indexes: z.array(z.object({ name: z.string(), definition: z.string() })),
  values: z.record(z.string(), z.array(Value)).describe('Values to use in filters, by column'),
})

export const getMultipleTableSchemas = defineTool({
  name: 'get_multiple_table_schemas',
  title: 'Describe retail tables',
  description:
    'Columns, types, keys, foreign keys, indexes and filter values (store names and ids you can see, categories, ' +
    'product types, order years, statuses) of retail tables. Call it before writing SQL for execute_sales_query. ' +
    `Tables: ${RETAIL_TABLES.map((t) => `retail.${t}`).join(', ')}.`,
  input: z.object({
    table_names: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(RETAIL_TABLES.length)
      .describe("Qualified table names, e.g. ['retail.orders', 'retail.order_items']"),
  }),
  output: z.object({ tables: z.array(TableSchema) }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  run: async (args, ctx) => ({ tables: await ctx.services.schemas.describe(ctx.caller, args.table_names) }),
  render: (r) =>
    r.tables
      .map((t) => {
        const columns = t.columns
          .map((c) => `  ${c.name} ${c.type}${c.nullable ? '' : ' not null'}`)
          .join('\n')
        const keys = [
          `  primary key (${t.primary_key.join(', ')})`,
          ...t.foreign_keys.map((f) => `  foreign key (${f.columns.join(', ')}) -> ${f.references}`),
        ].join('\n')
        const values = Object.entries(t.values)
          .map(([column, vs]) => `  ${column}: ${vs.map((v) => JSON.stringify(v)).join(', ')}`)
          .join('\n')
        return `${t.table}: ${t.description ?? ''}${t.row_level_security ? ' (row level security)' : ''}\n${columns}\n${keys}${values ? `\n values:\n${values}` : ''}`
      })
      .join('\n\n'),
})
