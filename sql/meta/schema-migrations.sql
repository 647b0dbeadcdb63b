-- Bookkeeping of the migration runner, created before any migration runs.
CREATE SCHEMA IF NOT EXISTS zava_meta;
REVOKE ALL ON SCHEMA zava_meta FROM PUBLIC;
CREATE TABLE IF NOT EXISTS zava_meta.schema_migrations (
  version text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
