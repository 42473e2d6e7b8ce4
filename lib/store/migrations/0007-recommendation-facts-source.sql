-- Where analyze's facts about the cluster came from (a Kubernetes MCP server, the API server, or the alert's labels
-- alone) and why reads fell back from the MCP server, when they did. Null for rows from before, and for
-- compensations (no analysis read the cluster).
ALTER TABLE recommendations
  ADD COLUMN facts_source   text CHECK (facts_source IN ('kubernetes-mcp', 'kubernetes-api', 'labels')),
  ADD COLUMN facts_fallback text;
