import type { Registry } from 'prom-client';
import { counterOnce } from '../../lib/runtime/metrics.ts';

/** analyze's counters: what each alert became, and what each recommendation came from. */
export const analyzeMetrics = (registry: Registry) => ({
  folded: counterOnce(registry, 'analyze_alerts_folded_total', 'Firing alerts folded into an open incident (no model call)'),
  recommendations: counterOnce(registry, 'analyze_recommendations_total', 'Recommendations by source (slm, rules, cache) and action', ['source', 'action']),
  degraded: counterOnce(registry, 'analyze_degraded_total', 'Recommendations made without (or despite) the model'),
});
export type AnalyzeMetrics = ReturnType<typeof analyzeMetrics>;
