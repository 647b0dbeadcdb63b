import { z } from 'zod'
import { PERIOD_HELP } from '../../service/periods.ts'
import { defineTool } from '../define-tool.ts'

const Metrics = z.object({
  revenue: z.number(),
  orders: z.number().int(),
  units: z.number().int(),
  average_basket: z.number(),
  gross_margin: z.number(),
  gross_margin_pct: z.number(),
})

export const getStorePerformance = defineTool({
  name: 'get_store_performance',
  title: 'Store performance',
  description:
    'Revenue, orders, average basket, units and gross margin of one store for a period, compared with the ' +
    'previous period, with top products and categories and short insights. Counts completed and shipped orders.',
  input: z.object({
    store_id: z
      .guid()
      .describe('A store id you may access (see retail.stores in get_multiple_table_schemas)'),
    period: z.string().min(1).max(40).describe(`The period: ${PERIOD_HELP}`),
  }),
  output: z.object({
    store: z.object({
      store_id: z.string(),
      name: z.string(),
      city: z.string(),
      region: z.string(),
      is_online: z.boolean(),
    }),
    period: z.object({ label: z.string(), from: z.string(), through: z.string() }),
    previous_period: z.object({ from: z.string(), through: z.string() }),
    metrics: Metrics,
    previous: Metrics,
    change: z.object({
      revenue_pct: z.number().nullable(),
      orders_pct: z.number().nullable(),
      average_basket_pct: z.number().nullable(),
      units_pct: z.number().nullable(),
      gross_margin_pct_points: z.number(),
    }),
    top_products: z.array(
      z.object({
        product_id: z.string(),
        name: z.string(),
        category: z.string(),
        revenue: z.number(),
        units: z.number(),
      }),
    ),
    top_categories: z.array(
      z.object({
        category: z.string(),
        revenue: z.number(),
        share_pct: z.number(),
        change_pct: z.number().nullable(),
      }),
    ),
    insights: z.array(z.string()),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  run: (args, ctx) =>
    ctx.services.performance.get(ctx.caller, {
      storeId: args.store_id,
      period: args.period,
      today: ctx.today,
    }),
  render: (r) => {
    const m = r.metrics
    const lines = [
      `${r.store.name} (${r.store.city}, ${r.store.region}) — ${r.period.label}: ${r.period.from} to ${r.period.through}`,
      `Revenue $${m.revenue.toFixed(2)} · ${m.orders} orders · average basket $${m.average_basket.toFixed(2)} · ${m.units} units · gross margin ${m.gross_margin_pct}%`,
      ...r.insights.map((i) => `- ${i}`),
      `Top products: ${r.top_products.map((p) => `${p.name} ($${p.revenue.toFixed(0)})`).join('; ') || 'none'}`,
    ]
    return lines.join('\n')
  },
})
