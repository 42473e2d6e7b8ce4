import type { Registry } from 'prom-client';
import { brokerPublishFailures, kubernetesApiRequests, modelRequestDurations } from '../../lib/runtime/adapter-metrics.ts';
import { counterOnce, gaugeOnce } from '../../lib/runtime/metrics.ts';

/** assess's metrics: assessments by action and outcome, incidents resolved, the approval backlog each tick sees. */
export const assessMetrics = (registry: Registry) => ({
  outcomes: counterOnce(registry, 'assess_assessments_total', 'Assessments by catalog action and outcome', ['action', 'outcome']),
  resolved: counterOnce(registry, 'assess_incidents_resolved_total', 'Incidents resolved'),
  approvalsPending: gaugeOnce(
    registry,
    'approvals_pending',
    "Actions waiting for a person's approval (not yet expired), as of the last tick",
  ),
  oldestApproval: gaugeOnce(
    registry,
    'approvals_oldest_pending_age_seconds',
    'How long the oldest action waiting for approval has waited (0: none), as of the last tick',
  ),
  kubernetes: kubernetesApiRequests(registry),
  publishFailures: brokerPublishFailures(registry, 'assess'),
  // Only with ASSESS_EXPLAIN=model: the paragraphs the model writes.
  modelRequests: modelRequestDurations(registry),
});
export type AssessMetrics = ReturnType<typeof assessMetrics>;
