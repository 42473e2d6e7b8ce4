import type { AlertData } from '../events/alert-events.ts';
import type { IncidentFold, IncidentRecord, TargetRef } from '../domain/records.ts';
import { asDate, asDateOrNull, targetColumns, targetFromRow } from './row-mapping.ts';
import type { Sql } from './sql.ts';

const incidentFromRow = (row: Record<string, unknown>): IncidentRecord => ({
  id: String(row.id),
  dedupKey: String(row.dedup_key),
  alertname: String(row.alertname),
  severity: String(row.severity),
  namespace: (row.namespace as string | null) ?? null,
  target: targetFromRow(row),
  status: row.status as IncidentRecord['status'],
  openedByEvent: String(row.opened_by_event),
  openedAt: asDate(row.opened_at),
  lastSeen: asDate(row.last_seen),
  resolvedAt: asDateOrNull(row.resolved_at),
  occurrences: Number(row.occurrences),
});

/**
 * Folds a firing alert's event into the open incident of its dedup key, or opens one. An incident older than the
 * window is expired first, so a problem that persists is analysed again. Each event counts once.
 */
export const foldIntoIncident = async (
  sql: Sql,
  input: { dedupKey: string; alert: AlertData; target: TargetRef | null; eventId: string; windowMs: number },
  now: Date,
): Promise<IncidentFold> => {
  const { dedupKey, alert, target, eventId } = input;
  await sql.query(`UPDATE incidents SET status = 'expired' WHERE dedup_key = $1 AND status = 'open' AND opened_at < $2`, [
    dedupKey,
    new Date(now.getTime() - input.windowMs),
  ]);
  const { rows } = await sql.query(
    `INSERT INTO incidents (dedup_key, alertname, severity, namespace, target_kind, target_namespace, target_name, target_key,
                            status, opened_by_event, opened_at, last_seen, occurrences)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $10, 1)
     ON CONFLICT (dedup_key) WHERE status = 'open' DO UPDATE SET last_seen = EXCLUDED.last_seen
     RETURNING *`,
    [dedupKey, alert.alertname, alert.severity, alert.namespace, ...targetColumns(target), eventId, now],
  );
  let incident = incidentFromRow(rows[0] as Record<string, unknown>);
  const opened = incident.openedByEvent === eventId;
  const counted = await sql.query('INSERT INTO incident_events (incident_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    incident.id,
    eventId,
  ]);
  if (counted.rowCount === 1 && !opened) {
    const bumped = await sql.query('UPDATE incidents SET occurrences = occurrences + 1 WHERE id = $1 RETURNING *', [incident.id]);
    incident = incidentFromRow(bumped.rows[0] as Record<string, unknown>);
  }
  await sql.query(
    `INSERT INTO incident_alerts (incident_id, fingerprint, status, first_event, added_at) VALUES ($1, $2, 'firing', $3, $4)
     ON CONFLICT (incident_id, fingerprint) DO UPDATE SET status = 'firing', resolved_at = NULL`,
    [incident.id, alert.fingerprint, eventId, now],
  );
  return { incident, opened };
};

/** Marks an alert resolved in its incidents; an incident with no firing alert left is resolved at `at`. */
export const resolveAlertInIncidents = async (sql: Sql, fingerprint: string, at: Date): Promise<IncidentRecord[]> => {
  // The incidents first, locked: two resolutions of one incident at once (Alertmanager sends a group's in one
  // notification) would each still see the other's alert firing, and neither would close it. Locked, the second
  // waits for the first to commit, then sees it.
  await sql.query(
    `SELECT id FROM incidents WHERE id IN (SELECT incident_id FROM incident_alerts WHERE fingerprint = $1 AND status = 'firing') ORDER BY id FOR UPDATE`,
    [fingerprint],
  );
  const touched = await sql.query<{ incident_id: string }>(
    `UPDATE incident_alerts SET status = 'resolved', resolved_at = $2 WHERE fingerprint = $1 AND status = 'firing' RETURNING incident_id`,
    [fingerprint, at],
  );
  const resolved: IncidentRecord[] = [];
  for (const { incident_id } of touched.rows) {
    const { rows } = await sql.query(
      `UPDATE incidents SET status = 'resolved', resolved_at = $2
       WHERE id = $1 AND status <> 'resolved' AND NOT EXISTS (SELECT 1 FROM incident_alerts WHERE incident_id = $1 AND status = 'firing')
       RETURNING *`,
      [incident_id, at],
    );
    if (rows[0]) resolved.push(incidentFromRow(rows[0]));
  }
  return resolved;
};

/** One incident by id, or null. */
export const getIncident = async (sql: Sql, id: string): Promise<IncidentRecord | null> => {
  const { rows } = await sql.query('SELECT * FROM incidents WHERE id = $1', [id]);
  return rows[0] ? incidentFromRow(rows[0]) : null;
};
