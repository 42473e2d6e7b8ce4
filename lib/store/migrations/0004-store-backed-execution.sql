-- CloudEvents are claims; Postgres is the truth. execute acts only on a recommendation stored here (the event is
-- read back by its id and the stored copy used) and only on an approval a person recorded here.

-- The recommendation exactly as it was published (analyze's reply, or assess's compensation).
ALTER TABLE recommendations ADD COLUMN event jsonb;
-- Recommendations made before this migration: their published copy is in the event log.
UPDATE recommendations r SET event = l.event
  FROM event_log l
 WHERE l.direction = 'produced' AND l.event_id = r.event_id AND l.type = 'dev.alerts-slm.action.recommended.v1' AND r.event IS NULL;

-- A person's decision is a status of its own: 'approved' (a person said yes; execute, woken by action.approved,
-- carries it out) and 'declined' (a person said no), next to 'rejected' (a gate said no) and 'expired'.
ALTER TABLE actions DROP CONSTRAINT actions_status_check;
ALTER TABLE actions ADD CONSTRAINT actions_status_check CHECK (status IN ('running', 'succeeded', 'failed', 'dry_run', 'rejected',
  'approval_required', 'approved', 'declined', 'skipped', 'expired'));
UPDATE actions SET status = 'declined' WHERE status = 'rejected' AND decision = 'approval' AND decided_by IS NOT NULL;

-- Events a consumer refused because the store does not back them (forged, replayed with other content, or an
-- approval no person recorded), once per (consumer, source, id).
CREATE TABLE refused_events (
  seq          bigserial   PRIMARY KEY,
  consumer     text        NOT NULL,
  event_id     text        NOT NULL,
  source       text        NOT NULL,
  type         text        NOT NULL,
  reason       text        NOT NULL,
  received_at  timestamptz NOT NULL,
  event        jsonb       NOT NULL,
  UNIQUE (consumer, source, event_id)
);
CREATE INDEX refused_events_by_time ON refused_events (received_at DESC);
