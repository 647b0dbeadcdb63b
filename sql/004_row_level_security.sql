-- Row Level Security: enabled and forced on every table holding tenant data. Rows are visible
-- when their store is in the signed context's stores; catalogue tables are readable by all.
SET LOCAL ROLE zava_owner;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['stores', 'customers', 'orders', 'order_items', 'inventory'] LOOP
    EXECUTE format('ALTER TABLE retail.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE retail.%I FORCE ROW LEVEL SECURITY', t);
    -- The scalar subquery makes the planner evaluate the function once (an InitPlan), not per row.
    EXECUTE format('CREATE POLICY tenant_stores ON retail.%I FOR SELECT TO zava_analyst
                    USING (store_id = ANY ((SELECT tenancy.visible_store_ids())::uuid[]))', t);
  END LOOP;
END
$$;

-- visible_store_ids() runs as zava_owner and must read every store to resolve regions; this
-- policy applies to that role only, which no login role is a member of.
CREATE POLICY owner_resolves_tenancy ON retail.stores FOR SELECT TO zava_owner USING (true);

GRANT SELECT ON ALL TABLES IN SCHEMA retail TO zava_analyst;
ALTER DEFAULT PRIVILEGES FOR ROLE zava_owner IN SCHEMA retail GRANT SELECT ON TABLES TO zava_analyst;
