/** The retail tables an analyst may query and describe (RLS decides which rows). */
export const RETAIL_TABLES = [
  'regions',
  'stores',
  'categories',
  'product_types',
  'products',
  'inventory',
  'customers',
  'orders',
  'order_items',
  'product_description_embeddings',
] as const

export type RetailTable = (typeof RETAIL_TABLES)[number]
