import { Counter, type Registry } from 'prom-client';
import { metricOnce } from '../../lib/runtime/metrics.ts';

const counter = (registry: Registry, name: string, help: string, labelNames: string[] = []) =>
  metricOnce(registry, name, () => new Counter({ name, help, labelNames, registers: [registry] }));

/** ingest's counters: every alert is received, then filtered or published, or its publishing failed. */
export const ingestMetrics = (registry: Registry) => ({
  received: counter(registry, 'alerts_received_total', 'Alerts received from Alertmanager', ['severity', 'namespace']),
  filtered: counter(registry, 'alerts_filtered_total', 'Alerts dropped by the filters', ['severity', 'namespace']),
  published: counter(registry, 'alerts_published_total', 'Alert events accepted by the broker', ['status']),
  failed: counter(registry, 'alerts_publish_failed_total', 'Alert events the broker did not accept'),
  truncated: counter(registry, 'alerts_truncated_total', 'Alerts Alertmanager left out of a notification (max_alerts)'),
});
export type IngestMetrics = ReturnType<typeof ingestMetrics>;
