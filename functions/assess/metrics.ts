import type { Registry } from 'prom-client';
import { counterOnce } from '../../lib/runtime/metrics.ts';

/** assess's counters: assessments by action and outcome, and incidents resolved. */
export const assessMetrics = (registry: Registry) => ({
  outcomes: counterOnce(registry, 'assess_assessments_total', 'Assessments by catalog action and outcome', ['action', 'outcome']),
  resolved: counterOnce(registry, 'assess_incidents_resolved_total', 'Incidents resolved'),
});
export type AssessMetrics = ReturnType<typeof assessMetrics>;
