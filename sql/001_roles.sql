-- Roles are cluster-wide, so each is created only when missing: several databases on one
-- server (replicas, parallel test suites) share them.
--
--   zava_owner        owns every object; never logs in.
--   zava_app          the login role of the server: owns nothing, cannot bypass RLS, holds no
--                     table privilege itself (NOINHERIT) and must SET LOCAL ROLE to a kind below.
--   zava_analyst      SELECT on what any analyst may read; parent of the three kinds.
--   store_manager, regional_manager, head_office: one group role per kind of user.
-- Which rows a kind sees is decided by the signed tenant context alone (see 004), never by the
-- role: a caller who switched role would still see only its own stores.
DO $$
DECLARE
  r text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zava_owner') THEN
    CREATE ROLE zava_owner NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zava_app') THEN
    CREATE ROLE zava_app LOGIN NOINHERIT NOBYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zava_analyst') THEN
    CREATE ROLE zava_analyst NOLOGIN NOBYPASSRLS;
  END IF;
  FOREACH r IN ARRAY ARRAY['store_manager', 'regional_manager', 'head_office'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN NOBYPASSRLS IN ROLE zava_analyst', r);
    END IF;
    EXECUTE format('GRANT %I TO zava_app', r);
  END LOOP;
END
$$;

CREATE EXTENSION IF NOT EXISTS vector;

CREATE SCHEMA IF NOT EXISTS retail AUTHORIZATION zava_owner;
CREATE SCHEMA IF NOT EXISTS tenancy AUTHORIZATION zava_owner;
REVOKE ALL ON SCHEMA retail, tenancy FROM PUBLIC;
GRANT USAGE ON SCHEMA retail, tenancy TO zava_analyst, zava_app;

-- The server checks at start-up that its database is migrated.
GRANT USAGE ON SCHEMA zava_meta TO zava_app;
GRANT SELECT ON zava_meta.schema_migrations TO zava_app;

-- Lets the migrate command give zava_app a password without building DDL in TypeScript.
CREATE OR REPLACE FUNCTION zava_meta.set_app_password(password text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER ROLE zava_app PASSWORD %L', password);
END
$$;
REVOKE ALL ON FUNCTION zava_meta.set_app_password(text) FROM PUBLIC;

-- Nobody but the owner creates objects where assistant SQL resolves names (public holds pgvector),
-- and no temporary tables can shadow retail tables (pg_temp is searched first).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $$
BEGIN
  EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;
