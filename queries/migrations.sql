/* @name LockMigrations */
-- Serialises migrators: replicas starting together apply each file once.
SELECT pg_advisory_xact_lock(7243918034) AS locked;

/* @name GetAppliedMigrations */
SELECT version, checksum, applied_at FROM zava_meta.schema_migrations ORDER BY version;

/* @name RecordMigration */
INSERT INTO zava_meta.schema_migrations (version, checksum) VALUES (:version!, :checksum!);

/* @name MigrationsTableExists */
SELECT to_regclass('zava_meta.schema_migrations') IS NOT NULL AS "exists!";
