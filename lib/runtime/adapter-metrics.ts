import type { Registry } from 'prom-client';
import { counterOnce, histogramOnce } from './metrics.ts';

/** Every Kubernetes API request a function sends, by RBAC verb, resource (`pods/eviction`) and HTTP status. */
export const kubernetesApiRequests = (registry: Registry) =>
  counterOnce(
    registry,
    'kubernetes_api_requests_total',
    'Kubernetes API requests by verb, resource[/subresource] and HTTP status (error: none)',
    ['verb', 'resource', 'code'],
  );

/** Publishes to the broker that failed, for function `fn` (its series starts at 0, so the first failure is an increase). */
export const brokerPublishFailures = (registry: Registry, fn: string) => {
  const help = 'Publishes the broker did not accept (some or all of their events), by function';
  const counter = counterOnce(registry, 'broker_publish_failures_total', help, ['function']);
  counter.inc({ function: fn }, 0);
  return counter.labels({ function: fn });
};

// A small model on a CPU answers in seconds to a minute; SLM_TIMEOUT defaults to 45 s.
const MODEL_SECONDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

/** Every request to the model (each retry and repair its own), by model, provider and outcome: analyze's, and assess's paragraphs. */
export const modelRequestDurations = (registry: Registry) =>
  histogramOnce(
    registry,
    'slm_requests_duration_seconds',
    'Model requests (every attempt, retries and repairs included) by model, provider and outcome',
    ['model', 'provider', 'outcome'],
    MODEL_SECONDS,
  );
