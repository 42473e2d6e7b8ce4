import type { AlertData } from '../events/alert-events.ts';
import { targetColumns } from './row-mapping.ts';
import type { Sql } from './sql.ts';

/** Records the latest state of an alert by fingerprint (first seen is kept). */
export const upsertAlert = (sql: Sql, alert: AlertData, now: Date) =>
  sql.query(
    `INSERT INTO alerts (fingerprint, alertname, status, severity, namespace, target_kind, target_namespace, target_name, target_key,
                         labels, annotations, starts_at, ends_at, first_seen, last_seen)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
     ON CONFLICT (fingerprint) DO UPDATE SET status = EXCLUDED.status, severity = EXCLUDED.severity, labels = EXCLUDED.labels,
       annotations = EXCLUDED.annotations, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, last_seen = EXCLUDED.last_seen`,
    [
      alert.fingerprint,
      alert.alertname,
      alert.status,
      alert.severity,
      alert.namespace,
      ...targetColumns(alert.target),
      JSON.stringify(alert.labels),
      JSON.stringify(alert.annotations),
      alert.startsAt,
      alert.endsAt,
      now,
    ],
  );

/** The last known status of an alert, or null when it was never seen. */
export const alertStatus = async (sql: Sql, fingerprint: string): Promise<'firing' | 'resolved' | null> => {
  const { rows } = await sql.query<{ status: 'firing' | 'resolved' }>('SELECT status FROM alerts WHERE fingerprint = $1', [fingerprint]);
  return rows[0]?.status ?? null;
};
