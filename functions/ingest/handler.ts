import { filterAlert, type AlertFilter } from '../../lib/alertmanager/filter.ts';
import { normalizeAlert } from '../../lib/alertmanager/normalize.ts';
import { parseWebhook } from '../../lib/alertmanager/webhook.ts';
import type { Broker } from '../../lib/broker/broker.ts';
import { createAlertEvent, type AlertData } from '../../lib/events/alert-events.ts';
import { functionSource } from '../../lib/events/event-types.ts';
import type { HttpHandler, InvocationContext } from '../../lib/runtime/function-spec.ts';
import type { IngestMetrics } from './metrics.ts';

/** What ingest needs: where to publish, what to keep, what to count, the clock. */
export interface IngestDeps {
  broker: Broker;
  filter: AlertFilter;
  metrics: IngestMetrics;
  now: () => Date;
}

/** The 202 body: every alert of the request is accounted for. */
export interface IngestSummary {
  received: number;
  filtered: number;
  published: number;
  duplicates: number;
  truncated: number;
}

const keepWanted = (alerts: AlertData[], deps: IngestDeps, { log }: InvocationContext): AlertData[] =>
  alerts.filter((alert) => {
    const labels = { severity: alert.severity, namespace: alert.namespace ?? '' };
    deps.metrics.received.inc(labels);
    const verdict = filterAlert(alert, deps.filter);
    if (!verdict.kept) {
      deps.metrics.filtered.inc(labels);
      log.debug('alert filtered', { alertname: alert.alertname, fingerprint: alert.fingerprint, reason: verdict.reason });
    }
    return verdict.kept;
  });

/** Alertmanager webhook → one CloudEvent per wanted alert, answered only once the broker accepted them all. */
export const makeHandler =
  (deps: IngestDeps): HttpHandler =>
  async (request, ctx) => {
    const payload = parseWebhook(request.body);
    const alerts = payload.alerts.map((alert) => normalizeAlert(alert, payload));
    const wanted = keepWanted(alerts, deps, ctx);
    const events = [
      ...new Map(
        wanted.map((a) => createAlertEvent(a, { source: functionSource('ingest'), time: deps.now() })).map((e) => [e.id, e]),
      ).values(),
    ];
    await deps.broker.publish(events).catch((error: unknown) => {
      deps.metrics.failed.inc(events.length);
      throw error;
    });
    for (const event of events) deps.metrics.published.inc({ status: event.data.status });
    if (payload.truncatedAlerts) deps.metrics.truncated.inc(payload.truncatedAlerts);
    const summary: IngestSummary = {
      received: alerts.length,
      filtered: alerts.length - wanted.length,
      published: events.length,
      duplicates: wanted.length - events.length,
      truncated: payload.truncatedAlerts ?? 0,
    };
    ctx.log.info('webhook accepted', { receiver: payload.receiver, groupKey: payload.groupKey, ...summary });
    return { status: 202, headers: { 'content-type': 'application/json; charset=utf-8' }, body: summary };
  };
