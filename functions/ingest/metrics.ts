import type { Registry } from 'prom-client';
import { brokerPublishFailures } from '../../lib/runtime/adapter-metrics.ts';
import { counterOnce } from '../../lib/runtime/metrics.ts';

/** ingest's counters: every alert is received, then filtered or published, or its publishing failed (and the publish with it). */
export const ingestMetrics = (registry: Registry) => ({
  received: counterOnce(registry, 'alerts_received_total', 'Alerts received from Alertmanager', ['severity', 'namespace']),
  filtered: counterOnce(registry, 'alerts_filtered_total', 'Alerts dropped by the filters', ['severity', 'namespace']),
  published: counterOnce(registry, 'alerts_published_total', 'Alert events accepted by the broker', ['status']),
  failed: counterOnce(registry, 'alerts_publish_failed_total', 'Alert events the broker did not accept'),
  truncated: counterOnce(registry, 'alerts_truncated_total', 'Alerts Alertmanager left out of a notification (max_alerts)'),
  publishFailures: brokerPublishFailures(registry, 'ingest'),
});
export type IngestMetrics = ReturnType<typeof ingestMetrics>;
