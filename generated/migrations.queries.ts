/** Types generated for queries found in "queries/migrations.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'LockMigrations' parameters type */
export type ILockMigrationsParams = void;

/** 'LockMigrations' return type */
export interface ILockMigrationsResult {
  locked: undefined | null;
}

/** 'LockMigrations' query type */
export interface ILockMigrationsQuery {
  params: ILockMigrationsParams;
  result: ILockMigrationsResult;
}

const lockMigrationsIR: any = {"usedParamSet":{},"params":[],"statement":"-- Serialises migrators: replicas starting together apply each file once.\nSELECT pg_advisory_xact_lock(7243918034) AS locked"};

/**
 * Query generated from SQL:
 * ```
 * -- Serialises migrators: replicas starting together apply each file once.
 * SELECT pg_advisory_xact_lock(7243918034) AS locked
 * ```
 */
export const lockMigrations = new PreparedQuery<ILockMigrationsParams,ILockMigrationsResult>(lockMigrationsIR);


/** 'GetAppliedMigrations' parameters type */
export type IGetAppliedMigrationsParams = void;

/** 'GetAppliedMigrations' return type */
export interface IGetAppliedMigrationsResult {
  appliedAt: Date;
  checksum: string;
  version: string;
}

/** 'GetAppliedMigrations' query type */
export interface IGetAppliedMigrationsQuery {
  params: IGetAppliedMigrationsParams;
  result: IGetAppliedMigrationsResult;
}

const getAppliedMigrationsIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT version, checksum, applied_at FROM zava_meta.schema_migrations ORDER BY version"};

/**
 * Query generated from SQL:
 * ```
 * SELECT version, checksum, applied_at FROM zava_meta.schema_migrations ORDER BY version
 * ```
 */
export const getAppliedMigrations = new PreparedQuery<IGetAppliedMigrationsParams,IGetAppliedMigrationsResult>(getAppliedMigrationsIR);


/** 'RecordMigration' parameters type */
export interface IRecordMigrationParams {
  checksum: string;
  version: string;
}

/** 'RecordMigration' return type */
export type IRecordMigrationResult = void;

/** 'RecordMigration' query type */
export interface IRecordMigrationQuery {
  params: IRecordMigrationParams;
  result: IRecordMigrationResult;
}

const recordMigrationIR: any = {"usedParamSet":{"version":true,"checksum":true},"params":[{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":68,"b":76}]},{"name":"checksum","required":true,"transform":{"type":"scalar"},"locs":[{"a":79,"b":88}]}],"statement":"INSERT INTO zava_meta.schema_migrations (version, checksum) VALUES (:version!, :checksum!)"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO zava_meta.schema_migrations (version, checksum) VALUES (:version!, :checksum!)
 * ```
 */
export const recordMigration = new PreparedQuery<IRecordMigrationParams,IRecordMigrationResult>(recordMigrationIR);


/** 'MigrationsTableExists' parameters type */
export type IMigrationsTableExistsParams = void;

/** 'MigrationsTableExists' return type */
export interface IMigrationsTableExistsResult {
  exists: boolean;
}

/** 'MigrationsTableExists' query type */
export interface IMigrationsTableExistsQuery {
  params: IMigrationsTableExistsParams;
  result: IMigrationsTableExistsResult;
}

const migrationsTableExistsIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT to_regclass('zava_meta.schema_migrations') IS NOT NULL AS \"exists!\""};

/**
 * Query generated from SQL:
 * ```
 * SELECT to_regclass('zava_meta.schema_migrations') IS NOT NULL AS "exists!"
 * ```
 */
export const migrationsTableExists = new PreparedQuery<IMigrationsTableExistsParams,IMigrationsTableExistsResult>(migrationsTableExistsIR);


