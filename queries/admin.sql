/* @name CountStores */
-- Run by the admin connection (RLS does not apply) to tell an empty database from a seeded one.
SELECT count(*) AS "stores!" FROM retail.stores;

/* @name GetLoginRole */
-- The privileges of the role the server logged in as: it must not bypass RLS.
SELECT rolname AS "name!", rolsuper AS "superuser!", rolbypassrls AS "bypassRls!"
FROM pg_roles WHERE rolname = session_user;

/* @name SetAppPassword */
SELECT zava_meta.set_app_password(:password!) AS done;

/* @name GetVersions */
SELECT version() AS "postgres!", (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS "pgvector";
