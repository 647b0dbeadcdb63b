-- A counter of data changes, bumped by every command that changes what queries return (migrate,
-- seed, embed). Servers put it in their cache keys, so a change makes every cached answer
-- unreachable at once, on every replica, without anyone having to flush a cache.
CREATE TABLE zava_meta.data_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL DEFAULT 1,
  reason text NOT NULL DEFAULT 'created',
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO zava_meta.data_version DEFAULT VALUES;
GRANT SELECT ON zava_meta.data_version TO zava_app;
