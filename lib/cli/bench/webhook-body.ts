import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURE = join('test', 'fixtures', 'alertmanager', '0032-default-firing-3alerts.json');

/** A captured Alertmanager notification grown (or cut) to `alerts` distinct alerts, as a request body. */
export const webhookBody = (alerts: number): Buffer => {
  const webhook = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { alerts: { labels: Record<string, string>; fingerprint: string }[] };
  const captured = webhook.alerts;
  webhook.alerts = Array.from({ length: alerts }, (_, i) => {
    const alert = structuredClone(captured[i % captured.length] as (typeof captured)[number]);
    // Distinct alerts (as in a storm), not the same three again: another replica label and fingerprint.
    if (i >= captured.length) {
      alert.labels.replica = String(i);
      alert.fingerprint = `${alert.fingerprint.slice(0, 10)}${i.toString(16).padStart(6, '0')}`;
    }
    return alert;
  });
  return Buffer.from(JSON.stringify(webhook));
};
