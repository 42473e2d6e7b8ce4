import type { AlertData } from '../events/alert-events.ts';
import { targetFromLabels } from './target-from-labels.ts';
import { endsAtOrNull, toUtcIso } from './timestamps.ts';
import type { WebhookAlert, WebhookPayload } from './webhook.ts';

/** One webhook alert as the pipeline's alert data: times in UTC, target from the labels, group context kept. */
export const normalizeAlert = (alert: WebhookAlert, payload: WebhookPayload): AlertData => {
  const { namespace, target, workload } = targetFromLabels(alert.labels);
  return {
    alertname: alert.labels.alertname,
    status: alert.status,
    severity: (alert.labels['severity'] ?? 'none').toLowerCase(),
    fingerprint: alert.fingerprint,
    startsAt: toUtcIso(alert.startsAt),
    endsAt: endsAtOrNull(alert.endsAt),
    generatorURL: alert.generatorURL || null,
    namespace,
    target,
    workload,
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    receiver: payload.receiver,
    groupKey: payload.groupKey,
    externalURL: payload.externalURL,
  };
};

/** An alert that did not arrive in a webhook (a corpus entry, a benchmark), with `origin` as its receiver and group. */
export const normalizeStandaloneAlert = (alert: WebhookAlert, origin: string): AlertData =>
  normalizeAlert(alert, { version: '4', groupKey: origin, status: alert.status, receiver: origin, groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: '', alerts: [] });
