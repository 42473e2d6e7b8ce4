-- A dead letter whose failure may pass (a 5xx, a timeout, a held claim: the database or a pod was down) is sent
-- back through the broker by the dead-letter sink, a bounded number of times; each time it comes back here the
-- row is updated, so `alerts-slm dead-letters` shows how often and when it was re-driven.
ALTER TABLE dead_letters ADD COLUMN redrives integer NOT NULL DEFAULT 0;
ALTER TABLE dead_letters ADD COLUMN redriven_at timestamptz;
