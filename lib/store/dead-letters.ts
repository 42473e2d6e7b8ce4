import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import type { Sql } from './sql.ts';

/**
 * Keeps a dead-lettered event, one row per (source, id): true when it was new. The same event dead-lettered again
 * (a redelivery, or after a re-drive) updates the row with its latest failure.
 */
export const keepDeadLetter = async (sql: Sql, event: CloudEventEnvelope, now: Date): Promise<boolean> => {
  // Knative adds these extensions to what it dead-letters: the subscriber, its status and its answer (base64).
  const { rows } = await sql.query<{ fresh: boolean }>(
    `INSERT INTO dead_letters (event_id, source, type, destination, error_code, error_data, received_at, event)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (source, event_id) DO UPDATE SET destination = EXCLUDED.destination, error_code = EXCLUDED.error_code,
       error_data = EXCLUDED.error_data, received_at = EXCLUDED.received_at, event = EXCLUDED.event
     RETURNING (xmax = 0) AS fresh`,
    [
      event.id,
      event.source,
      event.type,
      event.knativeerrordest ?? null,
      event.knativeerrorcode ?? null,
      event.knativeerrordata ?? null,
      now,
      JSON.stringify(event),
    ],
  );
  return rows[0]?.fresh === true;
};

/** Records that a dead letter was sent back through the broker (its `count`th time). */
export const markRedriven = async (sql: Sql, event: CloudEventEnvelope, count: number, now: Date): Promise<void> => {
  await sql.query('UPDATE dead_letters SET redrives = GREATEST(redrives, $3), redriven_at = $4 WHERE source = $1 AND event_id = $2', [
    event.source,
    event.id,
    count,
    now,
  ]);
};

/** A kept dead letter: when it last arrived, how often it was re-driven, the event. */
export interface DeadLetter {
  receivedAt: Date;
  redrives: number;
  event: CloudEventEnvelope;
}

/** Dead letters, newest first. */
export const deadLetters = async (sql: Sql, limit = 100): Promise<DeadLetter[]> => {
  const { rows } = await sql.query<{ received_at: Date; redrives: number; event: CloudEventEnvelope }>(
    'SELECT received_at, redrives, event FROM dead_letters ORDER BY received_at DESC, seq DESC LIMIT $1',
    [limit],
  );
  return rows.map((r) => ({ receivedAt: new Date(r.received_at), redrives: Number(r.redrives), event: r.event }));
};
