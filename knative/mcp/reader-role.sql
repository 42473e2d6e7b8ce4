-- The role the action-history MCP server (alerts-slm-mcp) connects as: it reads the alerts-slm tables and can
-- change nothing. Run it once as the owner of the alerts-slm schema (the migration Job's role), connected to that
-- database with the schema first on the search_path, then give the role a password and put its URL into the
-- Secret's mcp-database-url key:
--   psql "$DATABASE_URL" -f knative/mcp/reader-role.sql
--   psql "$DATABASE_URL" -c '\password alerts_slm_reader'
-- Tables that later migrations add are readable too (default privileges). test/knative/mcp-reader-role.test.ts
-- runs this file against a real PostgreSQL.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'alerts_slm_reader') THEN
    CREATE ROLE alerts_slm_reader LOGIN;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO alerts_slm_reader', current_schema());
  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO alerts_slm_reader', current_schema());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO alerts_slm_reader', current_schema());
END
$$;
-- Even a statement that slipped through would run in a read-only transaction.
ALTER ROLE alerts_slm_reader SET default_transaction_read_only = on;
