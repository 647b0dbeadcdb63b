/* @name SetAssistantSearchPath */
-- Unqualified table names in assistant-written SQL resolve to retail (pg_catalog is always first).
SELECT set_config('search_path', 'retail', true) AS search_path;
