/** Types generated for queries found in "queries/catalog.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type numberArray = (number)[];

export type stringArray = (string)[];

/** 'GetTableColumns' parameters type */
export type IGetTableColumnsParams = void;

/** 'GetTableColumns' return type */
export interface IGetTableColumnsResult {
  column: string;
  default: string | null;
  description: string | null;
  nullable: boolean;
  table: string;
  type: string;
}

/** 'GetTableColumns' query type */
export interface IGetTableColumnsQuery {
  params: IGetTableColumnsParams;
  result: IGetTableColumnsResult;
}

const getTableColumnsIR: any = {"usedParamSet":{},"params":[],"statement":"-- Columns of retail tables, in order, with their comments.\nSELECT\n  c.relname AS \"table!\", a.attname AS \"column!\", format_type(a.atttypid, a.atttypmod) AS \"type!\",\n  NOT a.attnotnull AS \"nullable!\", pg_get_expr(d.adbin, d.adrelid) AS \"default\",\n  col_description(c.oid, a.attnum) AS \"description\"\nFROM pg_class c\nJOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'retail'\nJOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped\nLEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum\nWHERE c.relkind IN ('r', 'v', 'p')\nORDER BY c.relname, a.attnum"};

/**
 * Query generated from SQL:
 * ```
 * -- Columns of retail tables, in order, with their comments.
 * SELECT
 *   c.relname AS "table!", a.attname AS "column!", format_type(a.atttypid, a.atttypmod) AS "type!",
 *   NOT a.attnotnull AS "nullable!", pg_get_expr(d.adbin, d.adrelid) AS "default",
 *   col_description(c.oid, a.attnum) AS "description"
 * FROM pg_class c
 * JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'retail'
 * JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 * LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
 * WHERE c.relkind IN ('r', 'v', 'p')
 * ORDER BY c.relname, a.attnum
 * ```
 */
export const getTableColumns = new PreparedQuery<IGetTableColumnsParams,IGetTableColumnsResult>(getTableColumnsIR);


/** 'GetTableConstraints' parameters type */
export type IGetTableConstraintsParams = void;

/** 'GetTableConstraints' return type */
export interface IGetTableConstraintsResult {
  columns: stringArray;
  definition: string;
  kind: string;
  name: string;
  referencedColumns: stringArray;
  referencedTable: string | null;
  table: string;
}

/** 'GetTableConstraints' query type */
export interface IGetTableConstraintsQuery {
  params: IGetTableConstraintsParams;
  result: IGetTableConstraintsResult;
}

const getTableConstraintsIR: any = {"usedParamSet":{},"params":[],"statement":"-- Primary, unique, foreign-key and check constraints of retail tables.\nSELECT\n  c.relname AS \"table!\", con.conname AS \"name!\", con.contype::text AS \"kind!\",\n  ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)\n        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS \"columns!\",\n  fc.relname AS \"referencedTable?\",\n  ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)\n        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS \"referencedColumns!\",\n  pg_get_constraintdef(con.oid) AS \"definition!\"\nFROM pg_constraint con\nJOIN pg_class c ON c.oid = con.conrelid\nJOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'retail'\nLEFT JOIN pg_class fc ON fc.oid = con.confrelid\nWHERE con.contype IN ('p', 'u', 'f', 'c')\nORDER BY c.relname, con.contype, con.conname"};

/**
 * Query generated from SQL:
 * ```
 * -- Primary, unique, foreign-key and check constraints of retail tables.
 * SELECT
 *   c.relname AS "table!", con.conname AS "name!", con.contype::text AS "kind!",
 *   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
 *         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS "columns!",
 *   fc.relname AS "referencedTable?",
 *   ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
 *         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS "referencedColumns!",
 *   pg_get_constraintdef(con.oid) AS "definition!"
 * FROM pg_constraint con
 * JOIN pg_class c ON c.oid = con.conrelid
 * JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'retail'
 * LEFT JOIN pg_class fc ON fc.oid = con.confrelid
 * WHERE con.contype IN ('p', 'u', 'f', 'c')
 * ORDER BY c.relname, con.contype, con.conname
 * ```
 */
export const getTableConstraints = new PreparedQuery<IGetTableConstraintsParams,IGetTableConstraintsResult>(getTableConstraintsIR);


/** 'GetTableIndexes' parameters type */
export type IGetTableIndexesParams = void;

/** 'GetTableIndexes' return type */
export interface IGetTableIndexesResult {
  definition: string;
  name: string;
  table: string;
}

/** 'GetTableIndexes' query type */
export interface IGetTableIndexesQuery {
  params: IGetTableIndexesParams;
  result: IGetTableIndexesResult;
}

const getTableIndexesIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT tablename AS \"table!\", indexname AS \"name!\", indexdef AS \"definition!\"\nFROM pg_indexes WHERE schemaname = 'retail'\nORDER BY tablename, indexname"};

/**
 * Query generated from SQL:
 * ```
 * SELECT tablename AS "table!", indexname AS "name!", indexdef AS "definition!"
 * FROM pg_indexes WHERE schemaname = 'retail'
 * ORDER BY tablename, indexname
 * ```
 */
export const getTableIndexes = new PreparedQuery<IGetTableIndexesParams,IGetTableIndexesResult>(getTableIndexesIR);


/** 'GetTableDescriptions' parameters type */
export type IGetTableDescriptionsParams = void;

/** 'GetTableDescriptions' return type */
export interface IGetTableDescriptionsResult {
  description: string | null;
  rowLevelSecurity: boolean;
  table: string;
}

/** 'GetTableDescriptions' query type */
export interface IGetTableDescriptionsQuery {
  params: IGetTableDescriptionsParams;
  result: IGetTableDescriptionsResult;
}

const getTableDescriptionsIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT c.relname AS \"table!\", obj_description(c.oid, 'pg_class') AS \"description\", c.relrowsecurity AS \"rowLevelSecurity!\"\nFROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'retail'\nWHERE c.relkind IN ('r', 'v', 'p')\nORDER BY c.relname"};

/**
 * Query generated from SQL:
 * ```
 * SELECT c.relname AS "table!", obj_description(c.oid, 'pg_class') AS "description", c.relrowsecurity AS "rowLevelSecurity!"
 * FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'retail'
 * WHERE c.relkind IN ('r', 'v', 'p')
 * ORDER BY c.relname
 * ```
 */
export const getTableDescriptions = new PreparedQuery<IGetTableDescriptionsParams,IGetTableDescriptionsResult>(getTableDescriptionsIR);


/** 'ListCategories' parameters type */
export type IListCategoriesParams = void;

/** 'ListCategories' return type */
export interface IListCategoriesResult {
  category: string;
  productTypes: stringArray;
}

/** 'ListCategories' query type */
export interface IListCategoriesQuery {
  params: IListCategoriesParams;
  result: IListCategoriesResult;
}

const listCategoriesIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT c.name AS \"category!\", array_agg(t.name ORDER BY t.name)::text[] AS \"productTypes!\"\nFROM retail.categories c JOIN retail.product_types t ON t.category_id = c.category_id\nGROUP BY c.name ORDER BY c.name"};

/**
 * Query generated from SQL:
 * ```
 * SELECT c.name AS "category!", array_agg(t.name ORDER BY t.name)::text[] AS "productTypes!"
 * FROM retail.categories c JOIN retail.product_types t ON t.category_id = c.category_id
 * GROUP BY c.name ORDER BY c.name
 * ```
 */
export const listCategories = new PreparedQuery<IListCategoriesParams,IListCategoriesResult>(listCategoriesIR);


/** 'ListRegions' parameters type */
export type IListRegionsParams = void;

/** 'ListRegions' return type */
export interface IListRegionsResult {
  name: string;
}

/** 'ListRegions' query type */
export interface IListRegionsQuery {
  params: IListRegionsParams;
  result: IListRegionsResult;
}

const listRegionsIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT name AS \"name!\" FROM retail.regions ORDER BY name"};

/**
 * Query generated from SQL:
 * ```
 * SELECT name AS "name!" FROM retail.regions ORDER BY name
 * ```
 */
export const listRegions = new PreparedQuery<IListRegionsParams,IListRegionsResult>(listRegionsIR);


/** 'ListBrands' parameters type */
export type IListBrandsParams = void;

/** 'ListBrands' return type */
export interface IListBrandsResult {
  brand: string;
  products: number;
}

/** 'ListBrands' query type */
export interface IListBrandsQuery {
  params: IListBrandsParams;
  result: IListBrandsResult;
}

const listBrandsIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT brand AS \"brand!\", count(*) AS \"products!\" FROM retail.products GROUP BY brand ORDER BY count(*) DESC, brand LIMIT 40"};

/**
 * Query generated from SQL:
 * ```
 * SELECT brand AS "brand!", count(*) AS "products!" FROM retail.products GROUP BY brand ORDER BY count(*) DESC, brand LIMIT 40
 * ```
 */
export const listBrands = new PreparedQuery<IListBrandsParams,IListBrandsResult>(listBrandsIR);


/** 'ListOrderYearsAndStatuses' parameters type */
export type IListOrderYearsAndStatusesParams = void;

/** 'ListOrderYearsAndStatuses' return type */
export interface IListOrderYearsAndStatusesResult {
  firstOrderDate: string | null;
  lastOrderDate: string | null;
  statuses: stringArray;
  years: numberArray;
}

/** 'ListOrderYearsAndStatuses' query type */
export interface IListOrderYearsAndStatusesQuery {
  params: IListOrderYearsAndStatusesParams;
  result: IListOrderYearsAndStatusesResult;
}

const listOrderYearsAndStatusesIR: any = {"usedParamSet":{},"params":[],"statement":"-- What the caller's visible orders span (RLS applies): years and statuses an assistant can filter on.\nSELECT\n  ARRAY(SELECT DISTINCT extract(year FROM order_date)::int FROM retail.orders ORDER BY 1)::int[] AS \"years!\",\n  ARRAY(SELECT DISTINCT status FROM retail.orders ORDER BY 1)::text[] AS \"statuses!\",\n  (SELECT min(order_date) FROM retail.orders) AS \"firstOrderDate\",\n  (SELECT max(order_date) FROM retail.orders) AS \"lastOrderDate\""};

/**
 * Query generated from SQL:
 * ```
 * -- What the caller's visible orders span (RLS applies): years and statuses an assistant can filter on.
 * SELECT
 *   ARRAY(SELECT DISTINCT extract(year FROM order_date)::int FROM retail.orders ORDER BY 1)::int[] AS "years!",
 *   ARRAY(SELECT DISTINCT status FROM retail.orders ORDER BY 1)::text[] AS "statuses!",
 *   (SELECT min(order_date) FROM retail.orders) AS "firstOrderDate",
 *   (SELECT max(order_date) FROM retail.orders) AS "lastOrderDate"
 * ```
 */
export const listOrderYearsAndStatuses = new PreparedQuery<IListOrderYearsAndStatusesParams,IListOrderYearsAndStatusesResult>(listOrderYearsAndStatusesIR);


