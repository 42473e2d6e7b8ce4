import type { CloudEventEnvelope } from '../events/define-event.ts';
import type { Sql } from './sql.ts';

/** Keeps a dead-lettered event (once: a redelivered dead letter changes nothing); true when it was new. */
export const keepDeadLetter = async (sql: Sql, event: CloudEventEnvelope, now: Date): Promise<boolean> => {
  // Knative adds these extensions to what it dead-letters: the subscriber, its status and its answer (base64).
  const { rowCount } = await sql.query(
    `INSERT INTO dead_letters (event_id, source, type, destination, error_code, error_data, received_at, event)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (source, event_id) DO NOTHING`,
    [event.id, event.source, event.type, event['knativeerrordest'] ?? null, event['knativeerrorcode'] ?? null, event['knativeerrordata'] ?? null, now, JSON.stringify(event)],
  );
  return rowCount === 1;
};

/** Dead letters, newest first. */
export const deadLetters = async (sql: Sql, limit = 100): Promise<{ receivedAt: Date; event: CloudEventEnvelope }[]> => {
  const { rows } = await sql.query<{ received_at: Date; event: CloudEventEnvelope }>('SELECT received_at, event FROM dead_letters ORDER BY seq DESC LIMIT $1', [limit]);
  return rows.map((r) => ({ receivedAt: new Date(r.received_at), event: r.event }));
};
