-- Events the broker gave up on (its delivery.deadLetterSink), kept for inspection and replay.
CREATE TABLE dead_letters (
  seq          bigserial   PRIMARY KEY,
  event_id     text        NOT NULL,
  source       text        NOT NULL,
  type         text        NOT NULL,
  destination  text,
  error_code   text,
  error_data   text,
  received_at  timestamptz NOT NULL,
  event        jsonb       NOT NULL,
  UNIQUE (source, event_id)
);
CREATE INDEX dead_letters_by_time ON dead_letters (received_at DESC);
