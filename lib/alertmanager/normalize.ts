import type { AlertData } from '../events/alert-events.ts';
import { cleanRecord, cleanText } from './clean-text.ts';
import { targetFromLabels } from './target-from-labels.ts';
import { endsAtOrNull, toUtcIso } from './timestamps.ts';
import type { WebhookAlert, WebhookPayload } from './webhook.ts';

/** One webhook alert as the pipeline's alert data: times in UTC, target from the labels, group context kept. */
export const normalizeAlert = (alert: WebhookAlert, payload: WebhookPayload): AlertData => {
  const labels = cleanRecord(alert.labels);
  const { namespace, target, workload } = targetFromLabels(labels);
  return {
    alertname: cleanText(alert.labels.alertname),
    status: alert.status,
    severity: (labels.severity || 'none').toLowerCase(),
    fingerprint: cleanText(alert.fingerprint),
    startsAt: toUtcIso(alert.startsAt),
    endsAt: endsAtOrNull(alert.endsAt),
    generatorURL: alert.generatorURL ? cleanText(alert.generatorURL) : null,
    namespace,
    target,
    workload,
    labels,
    annotations: cleanRecord(alert.annotations ?? {}),
    receiver: cleanText(payload.receiver),
    groupKey: cleanText(payload.groupKey),
    externalURL: cleanText(payload.externalURL),
  };
};

/** An alert that did not arrive in a webhook (a corpus entry, a benchmark), with `origin` as its receiver and group. */
export const normalizeStandaloneAlert = (alert: WebhookAlert, origin: string): AlertData =>
  normalizeAlert(alert, {
    version: '4',
    groupKey: origin,
    status: alert.status,
    receiver: origin,
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: '',
    alerts: [],
  });
