/** Types generated for queries found in "queries/meta.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'GetDataVersion' parameters type */
export type IGetDataVersionParams = void;

/** 'GetDataVersion' return type */
export interface IGetDataVersionResult {
  version: string;
}

/** 'GetDataVersion' query type */
export interface IGetDataVersionQuery {
  params: IGetDataVersionParams;
  result: IGetDataVersionResult;
}

const getDataVersionIR: any = {"usedParamSet":{},"params":[],"statement":"-- Read by servers about once a second; one row.\nSELECT version::text AS \"version!\" FROM zava_meta.data_version"};

/**
 * Query generated from SQL:
 * ```
 * -- Read by servers about once a second; one row.
 * SELECT version::text AS "version!" FROM zava_meta.data_version
 * ```
 */
export const getDataVersion = new PreparedQuery<IGetDataVersionParams,IGetDataVersionResult>(getDataVersionIR);


/** 'BumpDataVersion' parameters type */
export interface IBumpDataVersionParams {
  reason: string;
}

/** 'BumpDataVersion' return type */
export interface IBumpDataVersionResult {
  version: string;
}

/** 'BumpDataVersion' query type */
export interface IBumpDataVersionQuery {
  params: IBumpDataVersionParams;
  result: IBumpDataVersionResult;
}

const bumpDataVersionIR: any = {"usedParamSet":{"reason":true},"params":[{"name":"reason","required":true,"transform":{"type":"scalar"},"locs":[{"a":66,"b":73}]}],"statement":"UPDATE zava_meta.data_version SET version = version + 1, reason = :reason!, changed_at = now()\nRETURNING version::text AS \"version!\""};

/**
 * Query generated from SQL:
 * ```
 * UPDATE zava_meta.data_version SET version = version + 1, reason = :reason!, changed_at = now()
 * RETURNING version::text AS "version!"
 * ```
 */
export const bumpDataVersion = new PreparedQuery<IBumpDataVersionParams,IBumpDataVersionResult>(bumpDataVersionIR);


