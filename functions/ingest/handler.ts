import { filterAlert, type AlertFilter } from '../../lib/alertmanager/filter.ts';
import { normalizeAlert } from '../../lib/alertmanager/normalize.ts';
import { parseWebhook } from '../../lib/alertmanager/webhook.ts';
import type { Broker } from '../../lib/broker/broker.ts';
import { createAlertEvent, type AlertData, type AlertEvent } from '../../lib/events/alert-events.ts';
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

// Is the alert wanted? Every alert is counted as received, and as filtered (with the reason logged) when it is not.
const wanted = (alert: AlertData, deps: IngestDeps, { log }: InvocationContext): boolean => {
  const labels = { severity: alert.severity, namespace: alert.namespace ?? '' };
  deps.metrics.received.inc(labels);
  const verdict = filterAlert(alert, deps.filter);
  if (!verdict.kept) {
    deps.metrics.filtered.inc(labels);
    log.debug('alert filtered', { alertname: alert.alertname, fingerprint: alert.fingerprint, reason: verdict.reason });
  }
  return verdict.kept;
};

/** Alertmanager webhook → one CloudEvent per wanted alert, answered only once the broker accepted them all. */
export const makeHandler =
  (deps: IngestDeps): HttpHandler =>
  async (request, ctx) => {
    const payload = parseWebhook(request.body);
    const meta = { source: functionSource('ingest'), time: deps.now() };
    // One pass: each alert normalised, filtered and made an event; a repeated id is sent once (the last alert's).
    const byId = new Map<string, AlertEvent>();
    let kept = 0;
    for (const raw of payload.alerts) {
      const alert = normalizeAlert(raw, payload);
      if (!wanted(alert, deps, ctx)) continue;
      kept++;
      const event = createAlertEvent(alert, meta);
      byId.set(event.id, event);
    }
    const events = [...byId.values()];
    await deps.broker.publish(events).catch((error: unknown) => {
      deps.metrics.failed.inc(events.length);
      throw error;
    });
    for (const event of events) deps.metrics.published.inc({ status: event.data.status });
    if (payload.truncatedAlerts) deps.metrics.truncated.inc(payload.truncatedAlerts);
    const received = payload.alerts.length;
    const summary: IngestSummary = {
      received,
      filtered: received - kept,
      published: events.length,
      duplicates: kept - events.length,
      truncated: payload.truncatedAlerts ?? 0,
    };
    ctx.log.info('webhook accepted', { receiver: payload.receiver, groupKey: payload.groupKey, ...summary });
    return { status: 202, headers: { 'content-type': 'application/json; charset=utf-8' }, body: summary };
  };
