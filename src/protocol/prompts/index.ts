import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { z } from 'zod'
import { PERIOD_HELP } from '../../service/periods.ts'

const userMessage = (text: string) => ({
  messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }],
})

/** Prompt templates for the questions managers ask most. */
export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    'weekly_store_report',
    {
      title: 'Weekly store report',
      description: 'A one-page report on one store over the last 7 days.',
      argsSchema: { store_name: z.string().optional().describe('Store name; default: your store') },
    },
    ({ store_name }) =>
      userMessage(
        `Write a short weekly report for ${store_name ? `the store "${store_name}"` : 'my store'}.\n` +
          '1. Find the store id with get_multiple_table_schemas on retail.stores.\n' +
          '2. Call get_store_performance with period last_7_days, then last_30_days for context.\n' +
          '3. With execute_sales_query, list the 5 products with the biggest revenue change vs the previous week.\n' +
          'Report: headline numbers, what changed and why (from the insights), three actions for the manager.',
      ),
  )
  server.registerPrompt(
    'compare_my_stores',
    {
      title: 'Compare my stores',
      description: 'Ranks the stores you can see on revenue, basket and margin for a period.',
      argsSchema: { period: z.string().optional().describe(`Period: ${PERIOD_HELP}; default last_quarter`) },
    },
    ({ period }) =>
      userMessage(
        `Compare all stores I can see over ${period ?? 'last_quarter'}.\n` +
          '1. List the stores with get_multiple_table_schemas on retail.stores.\n' +
          '2. For each, call get_store_performance with that period.\n' +
          '3. Present a table ranked by revenue with orders, average basket, gross margin % and change vs the previous period, then explain the outliers.',
      ),
  )
  server.registerPrompt(
    'category_deep_dive',
    {
      title: 'Category deep dive',
      description: 'What sells, what does not, and stock risks in one product category.',
      argsSchema: {
        category: z.string().describe('A category name, e.g. Power Tools'),
        period: z.string().optional().describe(`Period: ${PERIOD_HELP}; default last_90_days`),
      },
    },
    ({ category, period }) =>
      userMessage(
        `Analyse the category "${category}" over ${period ?? 'last_90_days'} for the stores I can see.\n` +
          'Use get_multiple_table_schemas (retail.categories, retail.products, retail.order_items, retail.inventory), then execute_sales_query to find: ' +
          'top and bottom products by revenue, units and margin; monthly trend; products with low stock (quantity_on_hand <= reorder_level) that sell well. ' +
          'End with three recommendations.',
      ),
  )
}
