import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import type { Sql } from './sql.ts';

/** What claiming an event found. */
export type Claim = { state: 'claimed'; takenOver: boolean } | { state: 'done'; reply: CloudEventEnvelope | null } | { state: 'busy' };

/**
 * Claims (consumer, source, id) for processing until `leaseUntil`. A concurrent claim waits on the row until the
 * first one commits (unique key), then sees it; an expired 'processing' claim (its holder died) is taken over.
 */
export const claimEvent = async (sql: Sql, consumer: string, event: CloudEventEnvelope, now: Date, leaseUntil: Date): Promise<Claim> => {
  const { rows } = await sql.query<{ fresh: boolean }>(
    `INSERT INTO processed_events (consumer, source, id, type, status, claimed_at, lease_until)
     VALUES ($1, $2, $3, $4, 'processing', $5, $6)
     ON CONFLICT (consumer, source, id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at, lease_until = EXCLUDED.lease_until
       WHERE processed_events.status = 'processing' AND processed_events.lease_until < EXCLUDED.claimed_at
     RETURNING (xmax = 0) AS fresh`,
    [consumer, event.source, event.id, event.type, now, leaseUntil],
  );
  if (rows[0]) return { state: 'claimed', takenOver: !rows[0].fresh };
  const existing = await sql.query<{ status: string; reply: CloudEventEnvelope | null }>(
    'SELECT status, reply FROM processed_events WHERE consumer = $1 AND source = $2 AND id = $3',
    [consumer, event.source, event.id],
  );
  const row = existing.rows[0];
  return row?.status === 'done' ? { state: 'done', reply: row.reply } : { state: 'busy' };
};

/** Marks a claimed event done with its reply; throws if the claim was lost (taken over after the lease expired). */
export const completeEvent = async (
  sql: Sql,
  consumer: string,
  event: CloudEventEnvelope,
  reply: CloudEventEnvelope | undefined,
  now: Date,
): Promise<void> => {
  const { rowCount } = await sql.query(
    `UPDATE processed_events SET status = 'done', completed_at = $4, lease_until = NULL, reply = $5
     WHERE consumer = $1 AND source = $2 AND id = $3 AND status = 'processing'`,
    [consumer, event.source, event.id, now, reply ? JSON.stringify(reply) : null],
  );
  if (rowCount !== 1) throw new Error(`event ${event.id} for ${consumer} is not claimed (lease lost to another delivery)`);
};

/** Gives a claim back (the step failed before changing anything), so the broker's retry can claim it again. */
export const abandonClaim = async (sql: Sql, consumer: string, event: CloudEventEnvelope): Promise<void> => {
  await sql.query(`DELETE FROM processed_events WHERE consumer = $1 AND source = $2 AND id = $3 AND status = 'processing'`, [
    consumer,
    event.source,
    event.id,
  ]);
};
