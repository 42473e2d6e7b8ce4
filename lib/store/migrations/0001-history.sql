-- The history the pipeline keeps across scale-to-zero. Real columns for everything a gate or a query filters
-- on; JSONB where the shape is open. Timestamps are timestamptz, written by the application's clock.

-- Exactly-once effects on an at-least-once broker: one row per (consumer, source, id). A row is 'processing'
-- while a delivery holds it (until lease_until, so a crashed holder is taken over), 'done' with the reply
-- once its effects committed; a redelivery gets the stored reply again.
CREATE TABLE processed_events (
  consumer      text        NOT NULL,
  source        text        NOT NULL,
  id            text        NOT NULL,
  type          text        NOT NULL,
  status        text        NOT NULL CHECK (status IN ('processing', 'done')),
  claimed_at    timestamptz NOT NULL,
  lease_until   timestamptz,
  completed_at  timestamptz,
  reply         jsonb,
  PRIMARY KEY (consumer, source, id)
);

-- Every CloudEvent consumed or produced, append-only, for replay and audit.
CREATE TABLE event_log (
  seq          bigserial   PRIMARY KEY,
  direction    text        NOT NULL CHECK (direction IN ('consumed', 'produced')),
  consumer     text        NOT NULL,
  event_id     text        NOT NULL,
  source       text        NOT NULL,
  type         text        NOT NULL,
  recorded_at  timestamptz NOT NULL,
  event        jsonb       NOT NULL
);
CREATE INDEX event_log_by_type_time ON event_log (type, recorded_at);
CREATE INDEX event_log_by_event ON event_log (event_id);

-- The last known state of each alert, by Alertmanager's fingerprint.
CREATE TABLE alerts (
  fingerprint       text        PRIMARY KEY,
  alertname         text        NOT NULL,
  status            text        NOT NULL CHECK (status IN ('firing', 'resolved')),
  severity          text        NOT NULL,
  namespace         text,
  target_kind       text,
  target_namespace  text,
  target_name       text,
  target_key        text,
  labels            jsonb       NOT NULL,
  annotations       jsonb       NOT NULL,
  starts_at         timestamptz NOT NULL,
  ends_at           timestamptz,
  first_seen        timestamptz NOT NULL,
  last_seen         timestamptz NOT NULL
);
CREATE INDEX alerts_by_target ON alerts (target_key, last_seen DESC);

-- One problem, however many alerts and webhooks it causes: at most one open incident per dedup key.
CREATE TABLE incidents (
  id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  dedup_key         text        NOT NULL,
  alertname         text        NOT NULL,
  severity          text        NOT NULL,
  namespace         text,
  target_kind       text,
  target_namespace  text,
  target_name       text,
  target_key        text,
  status            text        NOT NULL CHECK (status IN ('open', 'resolved', 'expired')),
  opened_by_event   text        NOT NULL,
  opened_at         timestamptz NOT NULL,
  last_seen         timestamptz NOT NULL,
  resolved_at       timestamptz,
  occurrences       integer     NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX incidents_one_open_per_key ON incidents (dedup_key) WHERE status = 'open';
CREATE INDEX incidents_by_target ON incidents (target_key, opened_at DESC);
CREATE INDEX incidents_by_alertname ON incidents (alertname, opened_at DESC);

-- Which alerts (and which events) an incident folded in; an event counts once however often it is delivered.
CREATE TABLE incident_alerts (
  incident_id  uuid        NOT NULL REFERENCES incidents (id),
  fingerprint  text        NOT NULL,
  status       text        NOT NULL CHECK (status IN ('firing', 'resolved')),
  first_event  text        NOT NULL,
  added_at     timestamptz NOT NULL,
  resolved_at  timestamptz,
  PRIMARY KEY (incident_id, fingerprint)
);
CREATE INDEX incident_alerts_by_fingerprint ON incident_alerts (fingerprint, status);
CREATE TABLE incident_events (
  incident_id  uuid NOT NULL REFERENCES incidents (id),
  event_id     text NOT NULL,
  PRIMARY KEY (incident_id, event_id)
);

-- What analyze recommended, with where it came from and the model's raw answer.
CREATE TABLE recommendations (
  id                 uuid             PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id           text             NOT NULL UNIQUE,
  incident_id        uuid             NOT NULL REFERENCES incidents (id),
  alert_fingerprint  text             NOT NULL,
  alertname          text             NOT NULL,
  target_kind        text,
  target_namespace   text,
  target_name        text,
  target_key         text,
  target_verified    boolean          NOT NULL,
  action             text             NOT NULL,
  parameters         jsonb            NOT NULL,
  confidence         double precision NOT NULL,
  reasoning          text             NOT NULL,
  evidence           jsonb            NOT NULL,
  source             text             NOT NULL CHECK (source IN ('slm', 'rules', 'cache')),
  provider           text,
  model              text,
  model_digest       text,
  prompt_version     text             NOT NULL,
  latency_ms         double precision NOT NULL,
  prompt_tokens      integer,
  completion_tokens  integer,
  degraded           text,
  raw_output         text,
  created_at         timestamptz      NOT NULL
);
CREATE INDEX recommendations_by_incident ON recommendations (incident_id);

-- What execute decided and did: every gate's verdict, the state before and after, and how it ended.
CREATE TABLE actions (
  id                       uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  recommendation_event_id  text        NOT NULL UNIQUE,
  incident_id              uuid        REFERENCES incidents (id),
  alertname                text        NOT NULL,
  alert_fingerprint        text        NOT NULL,
  target_kind              text,
  target_namespace         text,
  target_name              text,
  target_key               text,
  action                   text        NOT NULL,
  parameters               jsonb       NOT NULL,
  disruptive               boolean     NOT NULL,
  decision                 text        NOT NULL CHECK (decision IN ('perform', 'dry_run', 'reject', 'approval')),
  verdicts                 jsonb       NOT NULL,
  status                   text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'dry_run', 'rejected',
                                                                  'approval_required', 'skipped', 'expired')),
  pre_state                jsonb,
  post_state               jsonb,
  pre_spec_hash            text,
  post_spec_hash           text,
  started_at               timestamptz NOT NULL,
  finished_at              timestamptz,
  error                    text,
  decided_by               text,
  decided_at               timestamptz
);
CREATE INDEX actions_by_target_time ON actions (target_key, started_at DESC);
CREATE INDEX actions_by_namespace_time ON actions (target_namespace, started_at DESC);
CREATE INDEX actions_by_time ON actions (started_at DESC);
CREATE INDEX actions_by_alertname_action ON actions (alertname, action);
CREATE INDEX actions_by_incident ON actions (incident_id);
CREATE INDEX actions_pending ON actions (started_at) WHERE status = 'approval_required';

-- Did it help? Scheduled when an action ends, scored by the tick once due.
CREATE TABLE assessments (
  id             uuid             PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id      uuid             NOT NULL UNIQUE REFERENCES actions (id),
  due_at         timestamptz      NOT NULL,
  expires_at     timestamptz      NOT NULL,
  assessed_at    timestamptz,
  outcome        text             CHECK (outcome IN ('effective', 'ineffective', 'harmful', 'inconclusive')),
  score          double precision,
  resolved       boolean,
  factors        jsonb,
  baseline_rate  double precision,
  reasoning      text
);
CREATE INDEX assessments_due ON assessments (due_at) WHERE assessed_at IS NULL;

-- One in-flight action per target: a lease, released by its holder or expired when the holder died.
CREATE TABLE target_locks (
  target_key   text        PRIMARY KEY,
  holder       text        NOT NULL,
  acquired_at  timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);

-- Model answers for identical (prompt version, model, context), so a repeated question costs no model call.
CREATE TABLE slm_cache (
  key         text        PRIMARY KEY,
  value       jsonb       NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
