import { Counter, type Registry } from 'prom-client';
import { metricOnce } from '../../lib/runtime/metrics.ts';

/** analyze's counters: what each alert became, and what each recommendation came from. */
export const analyzeMetrics = (registry: Registry) => ({
  folded: metricOnce(registry, 'analyze_alerts_folded_total', () => new Counter({ name: 'analyze_alerts_folded_total', help: 'Firing alerts folded into an open incident (no model call)', registers: [registry] })),
  recommendations: metricOnce(registry, 'analyze_recommendations_total', () =>
    new Counter({ name: 'analyze_recommendations_total', help: 'Recommendations by source (slm, rules, cache) and action', labelNames: ['source', 'action'], registers: [registry] }),
  ),
  degraded: metricOnce(registry, 'analyze_degraded_total', () => new Counter({ name: 'analyze_degraded_total', help: 'Recommendations made without (or despite) the model', registers: [registry] })),
});
export type AnalyzeMetrics = ReturnType<typeof analyzeMetrics>;
