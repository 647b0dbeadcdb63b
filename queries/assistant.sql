/* @name SetAssistantSearchPath */
-- Unqualified table names in assistant-written SQL resolve to retail; public holds pgvector's type
-- and operators. pg_catalog is searched first, so nothing can shadow a built-in function.
SELECT set_config('search_path', 'retail, public', true) AS search_path;
