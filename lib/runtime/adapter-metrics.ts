import type { Registry } from 'prom-client';
import { counterOnce } from './metrics.ts';

/** Every Kubernetes API request a function sends, by RBAC verb, resource (`pods/eviction`) and HTTP status. */
export const kubernetesApiRequests = (registry: Registry) =>
  counterOnce(registry, 'kubernetes_api_requests_total', 'Kubernetes API requests by verb, resource[/subresource] and HTTP status (error: none)', [
    'verb',
    'resource',
    'code',
  ]);

/** Publishes to the broker that failed, for function `fn` (its series starts at 0, so the first failure is an increase). */
export const brokerPublishFailures = (registry: Registry, fn: string) => {
  const help = 'Publishes the broker did not accept (some or all of their events), by function';
  const counter = counterOnce(registry, 'broker_publish_failures_total', help, ['function']);
  counter.inc({ function: fn }, 0);
  return counter.labels({ function: fn });
};
