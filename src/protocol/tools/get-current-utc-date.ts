import { z } from 'zod'
import { defineTool } from '../define-tool.ts'

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

export const getCurrentUtcDate = defineTool({
  name: 'get_current_utc_date',
  title: 'Current UTC date',
  description:
    'Today\'s date and time in UTC, with the quarter and day of week. Call it before writing SQL about relative periods ("last quarter", "this year").',
  input: z.object({}),
  output: z.object({
    utc_date: z.string().describe('YYYY-MM-DD'),
    utc_datetime: z.string().describe('ISO 8601'),
    year: z.number().int(),
    quarter: z.number().int().min(1).max(4),
    day_of_week: z.string(),
  }),
  annotations: { readOnlyHint: true, idempotentHint: false, openWorldHint: false },
  run: async (_args, ctx) => ({
    utc_date: ctx.today,
    utc_datetime: ctx.now.toISOString(),
    year: ctx.now.getUTCFullYear(),
    quarter: Math.floor(ctx.now.getUTCMonth() / 3) + 1,
    day_of_week: DAYS[ctx.now.getUTCDay()]!,
  }),
  render: (r) =>
    `Today (UTC) is ${r.day_of_week} ${r.utc_date}, Q${r.quarter} ${r.year}. Now: ${r.utc_datetime}.`,
})
