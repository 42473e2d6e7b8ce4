import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import { asDate } from './row-mapping.ts';
import type { Sql } from './sql.ts';

/** An event a consumer refused because the store did not back it. */
export interface RefusedEvent {
  consumer: string;
  reason: string;
  receivedAt: Date;
  event: CloudEventEnvelope;
}

/** Records a refused event once per (consumer, source, id); a redelivery changes nothing. */
export const refuseEvent = async (sql: Sql, consumer: string, event: CloudEventEnvelope, reason: string, now: Date): Promise<void> => {
  await sql.query(
    `INSERT INTO refused_events (consumer, event_id, source, type, reason, received_at, event) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (consumer, source, event_id) DO NOTHING`,
    [consumer, event.id, event.source, event.type, reason, now, JSON.stringify(event)],
  );
};

/** Refused events, newest first. */
export const refusedEvents = async (sql: Sql, limit = 100): Promise<RefusedEvent[]> => {
  const { rows } = await sql.query<{ consumer: string; reason: string; received_at: Date; event: CloudEventEnvelope }>(
    'SELECT consumer, reason, received_at, event FROM refused_events ORDER BY seq DESC LIMIT $1',
    [limit],
  );
  return rows.map((r) => ({ consumer: r.consumer, reason: r.reason, receivedAt: asDate(r.received_at), event: r.event }));
};
