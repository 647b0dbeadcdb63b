/** Types generated for queries found in "queries/admin.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'CountStores' parameters type */
export type ICountStoresParams = void;

/** 'CountStores' return type */
export interface ICountStoresResult {
  stores: number;
}

/** 'CountStores' query type */
export interface ICountStoresQuery {
  params: ICountStoresParams;
  result: ICountStoresResult;
}

const countStoresIR: any = {"usedParamSet":{},"params":[],"statement":"-- Run by the admin connection (RLS does not apply) to tell an empty database from a seeded one.\nSELECT count(*) AS \"stores!\" FROM retail.stores"};

/**
 * Query generated from SQL:
 * ```
 * -- Run by the admin connection (RLS does not apply) to tell an empty database from a seeded one.
 * SELECT count(*) AS "stores!" FROM retail.stores
 * ```
 */
export const countStores = new PreparedQuery<ICountStoresParams,ICountStoresResult>(countStoresIR);


/** 'GetLoginRole' parameters type */
export type IGetLoginRoleParams = void;

/** 'GetLoginRole' return type */
export interface IGetLoginRoleResult {
  bypassRls: boolean;
  name: string;
  superuser: boolean;
}

/** 'GetLoginRole' query type */
export interface IGetLoginRoleQuery {
  params: IGetLoginRoleParams;
  result: IGetLoginRoleResult;
}

const getLoginRoleIR: any = {"usedParamSet":{},"params":[],"statement":"-- The privileges of the role the server logged in as: it must not bypass RLS.\nSELECT rolname AS \"name!\", rolsuper AS \"superuser!\", rolbypassrls AS \"bypassRls!\"\nFROM pg_roles WHERE rolname = session_user"};

/**
 * Query generated from SQL:
 * ```
 * -- The privileges of the role the server logged in as: it must not bypass RLS.
 * SELECT rolname AS "name!", rolsuper AS "superuser!", rolbypassrls AS "bypassRls!"
 * FROM pg_roles WHERE rolname = session_user
 * ```
 */
export const getLoginRole = new PreparedQuery<IGetLoginRoleParams,IGetLoginRoleResult>(getLoginRoleIR);


/** 'SetAppPassword' parameters type */
export interface ISetAppPasswordParams {
  password: string;
}

/** 'SetAppPassword' return type */
export interface ISetAppPasswordResult {
  done: undefined | null;
}

/** 'SetAppPassword' query type */
export interface ISetAppPasswordQuery {
  params: ISetAppPasswordParams;
  result: ISetAppPasswordResult;
}

const setAppPasswordIR: any = {"usedParamSet":{"password":true},"params":[{"name":"password","required":true,"transform":{"type":"scalar"},"locs":[{"a":34,"b":43}]}],"statement":"SELECT zava_meta.set_app_password(:password!) AS done"};

/**
 * Query generated from SQL:
 * ```
 * SELECT zava_meta.set_app_password(:password!) AS done
 * ```
 */
export const setAppPassword = new PreparedQuery<ISetAppPasswordParams,ISetAppPasswordResult>(setAppPasswordIR);


/** 'GetVersions' parameters type */
export type IGetVersionsParams = void;

/** 'GetVersions' return type */
export interface IGetVersionsResult {
  pgvector: string | null;
  postgres: string;
}

/** 'GetVersions' query type */
export interface IGetVersionsQuery {
  params: IGetVersionsParams;
  result: IGetVersionsResult;
}

const getVersionsIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT version() AS \"postgres!\", (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS \"pgvector\""};

/**
 * Query generated from SQL:
 * ```
 * SELECT version() AS "postgres!", (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS "pgvector"
 * ```
 */
export const getVersions = new PreparedQuery<IGetVersionsParams,IGetVersionsResult>(getVersionsIR);


