import { Counter, type Registry } from 'prom-client';
import { metricOnce } from '../../lib/runtime/metrics.ts';

/** assess's counters: assessments by action and outcome, and incidents resolved. */
export const assessMetrics = (registry: Registry) => ({
  outcomes: metricOnce(registry, 'assess_assessments_total', () =>
    new Counter({ name: 'assess_assessments_total', help: 'Assessments by catalog action and outcome', labelNames: ['action', 'outcome'], registers: [registry] }),
  ),
  resolved: metricOnce(registry, 'assess_incidents_resolved_total', () => new Counter({ name: 'assess_incidents_resolved_total', help: 'Incidents resolved', registers: [registry] })),
});
export type AssessMetrics = ReturnType<typeof assessMetrics>;
