-- Retention: rows older than their table's retention are pruned in bounded batches, at most once an hour, by
-- whichever function runs then (no standing process), or by `alerts-slm prune`. These indexes make the scans cheap.
CREATE TABLE maintenance (
  task      text        PRIMARY KEY,
  last_run  timestamptz NOT NULL
);
CREATE INDEX processed_events_done ON processed_events (completed_at) WHERE status = 'done';
CREATE INDEX event_log_by_time ON event_log (recorded_at);
CREATE INDEX alerts_resolved_by_time ON alerts (last_seen) WHERE status = 'resolved';
CREATE INDEX incidents_closed_by_time ON incidents (last_seen) WHERE status <> 'open';
CREATE INDEX refused_events_by_received ON refused_events (received_at);
