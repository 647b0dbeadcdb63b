/** Types generated for queries found in "queries/tenancy.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type stringArray = (string)[];

/** 'ConfigureTenantTransaction' parameters type */
export interface IConfigureTenantTransactionParams {
  context: string;
  idleTimeout: string;
  lockTimeout: string;
  role: string;
  statementTimeout: string;
}

/** 'ConfigureTenantTransaction' return type */
export interface IConfigureTenantTransactionResult {
  context: string | null;
  idleTimeout: string | null;
  lockTimeout: string | null;
  role: string | null;
  statementTimeout: string | null;
}

/** 'ConfigureTenantTransaction' query type */
export interface IConfigureTenantTransactionQuery {
  params: IConfigureTenantTransactionParams;
  result: IConfigureTenantTransactionResult;
}

const configureTenantTransactionIR: any = {"usedParamSet":{"role":true,"context":true,"statementTimeout":true,"lockTimeout":true,"idleTimeout":true},"params":[{"name":"role","required":true,"transform":{"type":"scalar"},"locs":[{"a":189,"b":194}]},{"name":"context","required":true,"transform":{"type":"scalar"},"locs":[{"a":240,"b":248}]},{"name":"statementTimeout","required":true,"transform":{"type":"scalar"},"locs":[{"a":303,"b":320}]},{"name":"lockTimeout","required":true,"transform":{"type":"scalar"},"locs":[{"a":380,"b":392}]},{"name":"idleTimeout","required":true,"transform":{"type":"scalar"},"locs":[{"a":470,"b":482}]}],"statement":"-- The caller's role, signed tenant context and timeouts, all transaction-local (is_local = true)\n-- so nothing outlives the transaction on a pooled connection.\nSELECT\n  set_config('role', :role!, true) AS role,\n  set_config('zava.tenant', :context!, true) AS context,\n  set_config('statement_timeout', :statementTimeout!, true) AS statement_timeout,\n  set_config('lock_timeout', :lockTimeout!, true) AS lock_timeout,\n  set_config('idle_in_transaction_session_timeout', :idleTimeout!, true) AS idle_timeout"};

/**
 * Query generated from SQL:
 * ```
 * -- The caller's role, signed tenant context and timeouts, all transaction-local (is_local = true)
 * -- so nothing outlives the transaction on a pooled connection.
 * SELECT
 *   set_config('role', :role!, true) AS role,
 *   set_config('zava.tenant', :context!, true) AS context,
 *   set_config('statement_timeout', :statementTimeout!, true) AS statement_timeout,
 *   set_config('lock_timeout', :lockTimeout!, true) AS lock_timeout,
 *   set_config('idle_in_transaction_session_timeout', :idleTimeout!, true) AS idle_timeout
 * ```
 */
export const configureTenantTransaction = new PreparedQuery<IConfigureTenantTransactionParams,IConfigureTenantTransactionResult>(configureTenantTransactionIR);


/** 'SetTenantContext' parameters type */
export interface ISetTenantContextParams {
  context: string;
}

/** 'SetTenantContext' return type */
export interface ISetTenantContextResult {
  context: string | null;
}

/** 'SetTenantContext' query type */
export interface ISetTenantContextQuery {
  params: ISetTenantContextParams;
  result: ISetTenantContextResult;
}

const setTenantContextIR: any = {"usedParamSet":{"context":true},"params":[{"name":"context","required":true,"transform":{"type":"scalar"},"locs":[{"a":107,"b":115}]}],"statement":"-- The signed context alone, without a role: enough for tenancy.whoami().\nSELECT set_config('zava.tenant', :context!, true) AS context"};

/**
 * Query generated from SQL:
 * ```
 * -- The signed context alone, without a role: enough for tenancy.whoami().
 * SELECT set_config('zava.tenant', :context!, true) AS context
 * ```
 */
export const setTenantContext = new PreparedQuery<ISetTenantContextParams,ISetTenantContextResult>(setTenantContextIR);


/** 'WhoAmI' parameters type */
export type IWhoAmIParams = void;

/** 'WhoAmI' return type */
export interface IWhoAmIResult {
  displayName: string;
  kind: string;
  rlsUserId: string;
  storeIds: stringArray;
}

/** 'WhoAmI' query type */
export interface IWhoAmIQuery {
  params: IWhoAmIParams;
  result: IWhoAmIResult;
}

const whoAmIIR: any = {"usedParamSet":{},"params":[],"statement":"-- Who the signed context names; no row for an unknown user.\nSELECT rls_user_id AS \"rlsUserId!\", display_name AS \"displayName!\", kind AS \"kind!\", store_ids AS \"storeIds!\"\nFROM tenancy.whoami()"};

/**
 * Query generated from SQL:
 * ```
 * -- Who the signed context names; no row for an unknown user.
 * SELECT rls_user_id AS "rlsUserId!", display_name AS "displayName!", kind AS "kind!", store_ids AS "storeIds!"
 * FROM tenancy.whoami()
 * ```
 */
export const whoAmI = new PreparedQuery<IWhoAmIParams,IWhoAmIResult>(whoAmIIR);


/** 'InstallSigningKey' parameters type */
export interface IInstallSigningKeyParams {
  innerKey: Buffer;
  outerKey: Buffer;
}

/** 'InstallSigningKey' return type */
export type IInstallSigningKeyResult = void;

/** 'InstallSigningKey' query type */
export interface IInstallSigningKeyQuery {
  params: IInstallSigningKeyParams;
  result: IInstallSigningKeyResult;
}

const installSigningKeyIR: any = {"usedParamSet":{"innerKey":true,"outerKey":true},"params":[{"name":"innerKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":63,"b":72}]},{"name":"outerKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":75,"b":84}]}],"statement":"INSERT INTO tenancy.signing_key (inner_key, outer_key) VALUES (:innerKey!, :outerKey!)\nON CONFLICT (id) DO UPDATE SET inner_key = EXCLUDED.inner_key, outer_key = EXCLUDED.outer_key, updated_at = now()"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO tenancy.signing_key (inner_key, outer_key) VALUES (:innerKey!, :outerKey!)
 * ON CONFLICT (id) DO UPDATE SET inner_key = EXCLUDED.inner_key, outer_key = EXCLUDED.outer_key, updated_at = now()
 * ```
 */
export const installSigningKey = new PreparedQuery<IInstallSigningKeyParams,IInstallSigningKeyResult>(installSigningKeyIR);


