import { createHash } from 'node:crypto';
import { normalizeAlert } from '../../lib/alertmanager/normalize.ts';
import { parseWebhook, type WebhookAlert } from '../../lib/alertmanager/webhook.ts';
import { AlertFiring, type AlertData, alertEventId } from '../../lib/events/alert-events.ts';
import { functionSource } from '../../lib/events/event-types.ts';
import { capture } from './fixtures.ts';

// The group context of a real capture, read once (the alert storm test makes a thousand alerts).
const payload = parseWebhook(JSON.parse(capture('0032').body));

/** A normalised alert from labels and annotations, as ingest would publish it. */
export const alertFrom = (labels: Record<string, string>, over: Partial<WebhookAlert> = {}): AlertData => {
  const raw: WebhookAlert = {
    status: 'firing',
    labels: { alertname: 'Test', ...labels },
    annotations: {},
    startsAt: '2026-11-27T00:50:00.000Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: '',
    fingerprint: createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 16),
    ...over,
  };
  return normalizeAlert(raw, payload);
};

/** The alert.firing event ingest would publish for an alert. */
export const firingEvent = (alert: AlertData, time = new Date('2026-11-27T01:00:00Z')) =>
  AlertFiring.create({ ...alert, status: 'firing' }, { id: alertEventId(alert), source: functionSource('ingest'), time });
