/* @name GetDataVersion */
-- Read by servers about once a second; one row.
SELECT version::text AS "version!" FROM zava_meta.data_version;

/* @name BumpDataVersion */
UPDATE zava_meta.data_version SET version = version + 1, reason = :reason!, changed_at = now()
RETURNING version::text AS "version!";
