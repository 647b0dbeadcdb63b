/* @name ConfigureTenantTransaction */
-- The caller's role, signed tenant context and timeouts, all transaction-local (is_local = true)
-- so nothing outlives the transaction on a pooled connection.
SELECT
  set_config('role', :role!, true) AS role,
  set_config('zava.tenant', :context!, true) AS context,
  set_config('statement_timeout', :statementTimeout!, true) AS statement_timeout,
  set_config('lock_timeout', :lockTimeout!, true) AS lock_timeout,
  set_config('idle_in_transaction_session_timeout', :idleTimeout!, true) AS idle_timeout;

/* @name SetTenantContext */
-- The signed context alone, without a role: enough for tenancy.whoami().
SELECT set_config('zava.tenant', :context!, true) AS context;

/* @name WhoAmI */
-- Who the signed context names; no row for an unknown user.
SELECT rls_user_id AS "rlsUserId!", display_name AS "displayName!", kind AS "kind!", store_ids AS "storeIds!"
FROM tenancy.whoami();

/* @name InstallSigningKey */
INSERT INTO tenancy.signing_key (inner_key, outer_key) VALUES (:innerKey!, :outerKey!)
ON CONFLICT (id) DO UPDATE SET inner_key = EXCLUDED.inner_key, outer_key = EXCLUDED.outer_key, updated_at = now();
