import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import type { Sql } from './sql.ts';

/** Appends a consumed or produced CloudEvent to the event log. */
export const logEvent = (sql: Sql, direction: 'consumed' | 'produced', consumer: string, event: CloudEventEnvelope, now: Date) =>
  sql.query('INSERT INTO event_log (direction, consumer, event_id, source, type, recorded_at, event) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    direction,
    consumer,
    event.id,
    event.source,
    event.type,
    now,
    JSON.stringify(event),
  ]);

/** Logged events of the given types since `since`, oldest first (for replay). */
export const loggedEvents = async (
  sql: Sql,
  options: { types?: string[]; since?: Date; limit?: number } = {},
): Promise<CloudEventEnvelope[]> => {
  const { rows } = await sql.query<{ event: CloudEventEnvelope }>(
    `SELECT event FROM event_log WHERE ($1::text[] IS NULL OR type = ANY($1)) AND ($2::timestamptz IS NULL OR recorded_at >= $2)
     ORDER BY seq LIMIT $3`,
    [options.types ?? null, options.since ?? null, options.limit ?? 1000],
  );
  return rows.map((r) => r.event);
};

/** One logged event by id (the first time it was logged), or null. */
export const loggedEvent = async (sql: Sql, id: string): Promise<CloudEventEnvelope | null> => {
  const { rows } = await sql.query<{ event: CloudEventEnvelope }>('SELECT event FROM event_log WHERE event_id = $1 ORDER BY seq LIMIT 1', [
    id,
  ]);
  return rows[0]?.event ?? null;
};
