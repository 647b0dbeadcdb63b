/** Types generated for queries found in "queries/sales.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'GetStore' parameters type */
export interface IGetStoreParams {
  storeId: string;
}

/** 'GetStore' return type */
export interface IGetStoreResult {
  city: string;
  isOnline: boolean;
  name: string;
  region: string;
  storeId: string;
}

/** 'GetStore' query type */
export interface IGetStoreQuery {
  params: IGetStoreParams;
  result: IGetStoreResult;
}

const getStoreIR: any = {"usedParamSet":{"storeId":true},"params":[{"name":"storeId","required":true,"transform":{"type":"scalar"},"locs":[{"a":273,"b":281}]}],"statement":"-- One store, if the caller may see it (RLS), with its region.\nSELECT s.store_id AS \"storeId!\", s.name AS \"name!\", s.city AS \"city!\", r.name AS \"region!\", s.is_online AS \"isOnline!\"\nFROM retail.stores s JOIN retail.regions r ON r.region_id = s.region_id\nWHERE s.store_id = :storeId!"};

/**
 * Query generated from SQL:
 * ```
 * -- One store, if the caller may see it (RLS), with its region.
 * SELECT s.store_id AS "storeId!", s.name AS "name!", s.city AS "city!", r.name AS "region!", s.is_online AS "isOnline!"
 * FROM retail.stores s JOIN retail.regions r ON r.region_id = s.region_id
 * WHERE s.store_id = :storeId!
 * ```
 */
export const getStore = new PreparedQuery<IGetStoreParams,IGetStoreResult>(getStoreIR);


/** 'ListVisibleStores' parameters type */
export type IListVisibleStoresParams = void;

/** 'ListVisibleStores' return type */
export interface IListVisibleStoresResult {
  city: string;
  isOnline: boolean;
  name: string;
  region: string;
  storeId: string;
}

/** 'ListVisibleStores' query type */
export interface IListVisibleStoresQuery {
  params: IListVisibleStoresParams;
  result: IListVisibleStoresResult;
}

const listVisibleStoresIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT s.store_id AS \"storeId!\", s.name AS \"name!\", s.city AS \"city!\", r.name AS \"region!\", s.is_online AS \"isOnline!\"\nFROM retail.stores s JOIN retail.regions r ON r.region_id = s.region_id\nORDER BY s.name"};

/**
 * Query generated from SQL:
 * ```
 * SELECT s.store_id AS "storeId!", s.name AS "name!", s.city AS "city!", r.name AS "region!", s.is_online AS "isOnline!"
 * FROM retail.stores s JOIN retail.regions r ON r.region_id = s.region_id
 * ORDER BY s.name
 * ```
 */
export const listVisibleStores = new PreparedQuery<IListVisibleStoresParams,IListVisibleStoresResult>(listVisibleStoresIR);


/** 'GetStoreSalesSummary' parameters type */
export interface IGetStoreSalesSummaryParams {
  from: string;
  storeId: string;
  to: string;
}

/** 'GetStoreSalesSummary' return type */
export interface IGetStoreSalesSummaryResult {
  grossMargin: string;
  orders: number;
  revenue: string;
  units: number;
}

/** 'GetStoreSalesSummary' query type */
export interface IGetStoreSalesSummaryQuery {
  params: IGetStoreSalesSummaryParams;
  result: IGetStoreSalesSummaryResult;
}

const getStoreSalesSummaryIR: any = {"usedParamSet":{"storeId":true,"from":true,"to":true},"params":[{"name":"storeId","required":true,"transform":{"type":"scalar"},"locs":[{"a":490,"b":498}]},{"name":"from","required":true,"transform":{"type":"scalar"},"locs":[{"a":520,"b":525}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":546,"b":549}]}],"statement":"-- Sales of one store over [from, to): orders that count as sales are completed or shipped.\nSELECT\n  count(DISTINCT o.order_id) AS \"orders!\",\n  coalesce(sum(oi.line_total), 0) AS \"revenue!\",\n  coalesce(sum(oi.quantity), 0) AS \"units!\",\n  coalesce(sum(oi.line_total - oi.quantity * p.cost), 0) AS \"grossMargin!\"\nFROM retail.orders o\nJOIN retail.order_items oi ON oi.order_id = o.order_id AND oi.store_id = o.store_id\nJOIN retail.products p ON p.product_id = oi.product_id\nWHERE o.store_id = :storeId! AND o.order_date >= :from! AND o.order_date < :to!\n  AND o.status IN ('completed', 'shipped')"};

/**
 * Query generated from SQL:
 * ```
 * -- Sales of one store over [from, to): orders that count as sales are completed or shipped.
 * SELECT
 *   count(DISTINCT o.order_id) AS "orders!",
 *   coalesce(sum(oi.line_total), 0) AS "revenue!",
 *   coalesce(sum(oi.quantity), 0) AS "units!",
 *   coalesce(sum(oi.line_total - oi.quantity * p.cost), 0) AS "grossMargin!"
 * FROM retail.orders o
 * JOIN retail.order_items oi ON oi.order_id = o.order_id AND oi.store_id = o.store_id
 * JOIN retail.products p ON p.product_id = oi.product_id
 * WHERE o.store_id = :storeId! AND o.order_date >= :from! AND o.order_date < :to!
 *   AND o.status IN ('completed', 'shipped')
 * ```
 */
export const getStoreSalesSummary = new PreparedQuery<IGetStoreSalesSummaryParams,IGetStoreSalesSummaryResult>(getStoreSalesSummaryIR);


/** 'GetStoreTopProducts' parameters type */
export interface IGetStoreTopProductsParams {
  from: string;
  limit: number;
  storeId: string;
  to: string;
}

/** 'GetStoreTopProducts' return type */
export interface IGetStoreTopProductsResult {
  category: string;
  name: string;
  productId: string;
  revenue: string;
  units: number;
}

/** 'GetStoreTopProducts' query type */
export interface IGetStoreTopProductsQuery {
  params: IGetStoreTopProductsParams;
  result: IGetStoreTopProductsResult;
}

const getStoreTopProductsIR: any = {"usedParamSet":{"storeId":true,"from":true,"to":true,"limit":true},"params":[{"name":"storeId","required":true,"transform":{"type":"scalar"},"locs":[{"a":383,"b":391}]},{"name":"from","required":true,"transform":{"type":"scalar"},"locs":[{"a":413,"b":418}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":439,"b":442}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":578,"b":584}]}],"statement":"SELECT\n  p.product_id AS \"productId!\", p.name AS \"name!\", c.name AS \"category!\",\n  sum(oi.line_total) AS \"revenue!\", sum(oi.quantity) AS \"units!\"\nFROM retail.orders o\nJOIN retail.order_items oi ON oi.order_id = o.order_id AND oi.store_id = o.store_id\nJOIN retail.products p ON p.product_id = oi.product_id\nJOIN retail.categories c ON c.category_id = p.category_id\nWHERE o.store_id = :storeId! AND o.order_date >= :from! AND o.order_date < :to!\n  AND o.status IN ('completed', 'shipped')\nGROUP BY p.product_id, p.name, c.name\nORDER BY sum(oi.line_total) DESC, p.product_id\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT
 *   p.product_id AS "productId!", p.name AS "name!", c.name AS "category!",
 *   sum(oi.line_total) AS "revenue!", sum(oi.quantity) AS "units!"
 * FROM retail.orders o
 * JOIN retail.order_items oi ON oi.order_id = o.order_id AND oi.store_id = o.store_id
 * JOIN retail.products p ON p.product_id = oi.product_id
 * JOIN retail.categories c ON c.category_id = p.category_id
 * WHERE o.store_id = :storeId! AND o.order_date >= :from! AND o.order_date < :to!
 *   AND o.status IN ('completed', 'shipped')
 * GROUP BY p.product_id, p.name, c.name
 * ORDER BY sum(oi.line_total) DESC, p.product_id
 * LIMIT :limit!
 * ```
 */
export const getStoreTopProducts = new PreparedQuery<IGetStoreTopProductsParams,IGetStoreTopProductsResult>(getStoreTopProductsIR);


/** 'GetStoreCategorySales' parameters type */
export interface IGetStoreCategorySalesParams {
  from: string;
  previousFrom: string;
  previousTo: string;
  storeId: string;
  to: string;
}

/** 'GetStoreCategorySales' return type */
export interface IGetStoreCategorySalesResult {
  category: string;
  previousRevenue: string;
  revenue: string;
}

/** 'GetStoreCategorySales' query type */
export interface IGetStoreCategorySalesQuery {
  params: IGetStoreCategorySalesParams;
  result: IGetStoreCategorySalesResult;
}

const getStoreCategorySalesIR: any = {"usedParamSet":{"from":true,"previousTo":true,"storeId":true,"to":true,"previousFrom":true},"params":[{"name":"from","required":true,"transform":{"type":"scalar"},"locs":[{"a":275,"b":280},{"a":672,"b":677}]},{"name":"previousTo","required":true,"transform":{"type":"scalar"},"locs":[{"a":361,"b":372},{"a":758,"b":769}]},{"name":"storeId","required":true,"transform":{"type":"scalar"},"locs":[{"a":638,"b":646}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":698,"b":701}]},{"name":"previousFrom","required":true,"transform":{"type":"scalar"},"locs":[{"a":724,"b":737}]}],"statement":"-- Revenue by category for the period and the one compared with, to explain what drove a change.\n-- The two ranges never overlap: the previous one ends before the current one starts.\nSELECT\n  c.name AS \"category!\",\n  coalesce(sum(oi.line_total) FILTER (WHERE o.order_date >= :from!), 0) AS \"revenue!\",\n  coalesce(sum(oi.line_total) FILTER (WHERE o.order_date < :previousTo!), 0) AS \"previousRevenue!\"\nFROM retail.orders o\nJOIN retail.order_items oi ON oi.order_id = o.order_id AND oi.store_id = o.store_id\nJOIN retail.products p ON p.product_id = oi.product_id\nJOIN retail.categories c ON c.category_id = p.category_id\nWHERE o.store_id = :storeId!\n  AND ((o.order_date >= :from! AND o.order_date < :to!) OR (o.order_date >= :previousFrom! AND o.order_date < :previousTo!))\n  AND o.status IN ('completed', 'shipped')\nGROUP BY c.name\nORDER BY 2 DESC, c.name"};

/**
 * Query generated from SQL:
 * ```
 * -- Revenue by category for the period and the one compared with, to explain what drove a change.
 * -- The two ranges never overlap: the previous one ends before the current one starts.
 * SELECT
 *   c.name AS "category!",
 *   coalesce(sum(oi.line_total) FILTER (WHERE o.order_date >= :from!), 0) AS "revenue!",
 *   coalesce(sum(oi.line_total) FILTER (WHERE o.order_date < :previousTo!), 0) AS "previousRevenue!"
 * FROM retail.orders o
 * JOIN retail.order_items oi ON oi.order_id = o.order_id AND oi.store_id = o.store_id
 * JOIN retail.products p ON p.product_id = oi.product_id
 * JOIN retail.categories c ON c.category_id = p.category_id
 * WHERE o.store_id = :storeId!
 *   AND ((o.order_date >= :from! AND o.order_date < :to!) OR (o.order_date >= :previousFrom! AND o.order_date < :previousTo!))
 *   AND o.status IN ('completed', 'shipped')
 * GROUP BY c.name
 * ORDER BY 2 DESC, c.name
 * ```
 */
export const getStoreCategorySales = new PreparedQuery<IGetStoreCategorySalesParams,IGetStoreCategorySalesResult>(getStoreCategorySalesIR);


