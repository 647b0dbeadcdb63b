-- Who may see which stores, and the tenant context that says who is asking.
--
-- The context is one transaction-local setting, zava.tenant = '<rls_user_id>.<expires_epoch>.<hmac>',
-- signed by the server with a key that only the database owner can read here. The policies trust
-- nothing else: not the role, not an unsigned id. So SQL that manages to call set_config (or SET
-- ROLE) still cannot become another tenant, and a connection with no context sees no rows.
SET LOCAL ROLE zava_owner;

CREATE TABLE tenancy.users (
  rls_user_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  display_name text NOT NULL,
  email text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('store_manager', 'regional_manager', 'head_office')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE tenancy.users IS 'People who query the data, identified by the RLS user id their token carries.';

-- A store manager manages exactly one store (the UNIQUE on rls_user_id).
CREATE TABLE tenancy.store_managers (
  rls_user_id uuid PRIMARY KEY REFERENCES tenancy.users (rls_user_id) ON DELETE CASCADE,
  store_id uuid NOT NULL REFERENCES retail.stores (store_id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenancy.regional_managers (
  rls_user_id uuid NOT NULL REFERENCES tenancy.users (rls_user_id) ON DELETE CASCADE,
  region_id uuid NOT NULL REFERENCES retail.regions (region_id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rls_user_id, region_id)
);

-- HMAC-SHA256 key, stored as the two padded keys of RFC 2104 so that verification needs only the
-- built-in sha256() (no pgcrypto, which PGlite and some managed servers lack). Written by the
-- migrate command from configuration, never by a migration file.
CREATE TABLE tenancy.signing_key (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  inner_key bytea NOT NULL CHECK (length(inner_key) = 64),
  outer_key bytea NOT NULL CHECK (length(outer_key) = 64),
  updated_at timestamptz NOT NULL DEFAULT now()
);

REVOKE ALL ON ALL TABLES IN SCHEMA tenancy FROM PUBLIC;

-- The RLS user id of the current transaction's signed context, or NULL when none is set.
-- A malformed, forged or expired context raises insufficient_privilege instead of falling back
-- to anything.
CREATE FUNCTION tenancy.current_rls_user_id() RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  ctx text := nullif(current_setting('zava.tenant', true), '');
  parts text[];
  key tenancy.signing_key;
  expected text;
BEGIN
  IF ctx IS NULL THEN
    RETURN NULL;
  END IF;
  parts := string_to_array(ctx, '.');
  IF cardinality(parts) <> 3
     OR parts[1] !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
     OR parts[2] !~ '^[0-9]{1,12}$' THEN
    RAISE EXCEPTION 'malformed tenant context' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT * INTO key FROM tenancy.signing_key;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'tenant signing key is not installed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  expected := encode(sha256(key.outer_key || sha256(key.inner_key || convert_to(parts[1] || '.' || parts[2], 'UTF8'))), 'hex');
  IF expected <> parts[3] THEN
    RAISE EXCEPTION 'invalid tenant context signature' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF parts[2]::bigint < extract(epoch FROM statement_timestamp()) THEN
    RAISE EXCEPTION 'tenant context expired' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN parts[1]::uuid;
END
$$;

-- The stores the current context may see: empty without a context (fail closed).
-- Policies call it as (SELECT tenancy.visible_store_ids()) so it runs once per query.
CREATE FUNCTION tenancy.visible_store_ids() RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  WITH me AS (
    SELECT u.rls_user_id, u.kind FROM tenancy.users u WHERE u.rls_user_id = tenancy.current_rls_user_id()
  )
  SELECT coalesce(array_agg(DISTINCT s.store_id ORDER BY s.store_id), '{}')
  FROM me
  JOIN retail.stores s ON
       me.kind = 'head_office'
    OR (me.kind = 'store_manager' AND s.store_id IN
          (SELECT sm.store_id FROM tenancy.store_managers sm WHERE sm.rls_user_id = me.rls_user_id))
    OR (me.kind = 'regional_manager' AND s.region_id IN
          (SELECT rm.region_id FROM tenancy.regional_managers rm WHERE rm.rls_user_id = me.rls_user_id))
$$;

-- Who the current context is: what the server needs to choose the role and to key caches.
CREATE FUNCTION tenancy.whoami()
RETURNS TABLE (rls_user_id uuid, display_name text, kind text, store_ids uuid[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT u.rls_user_id, u.display_name, u.kind, tenancy.visible_store_ids()
  FROM tenancy.users u
  WHERE u.rls_user_id = tenancy.current_rls_user_id()
$$;

REVOKE ALL ON FUNCTION tenancy.current_rls_user_id(), tenancy.visible_store_ids(), tenancy.whoami() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenancy.current_rls_user_id(), tenancy.visible_store_ids(), tenancy.whoami()
  TO zava_app, zava_analyst;
