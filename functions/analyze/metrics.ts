import type { Registry } from 'prom-client';
import { kubernetesApiRequests, modelRequestDurations } from '../../lib/runtime/adapter-metrics.ts';
import { counterOnce } from '../../lib/runtime/metrics.ts';

/** analyze's metrics: what each alert became, what each recommendation came from, every model and API request. */
export const analyzeMetrics = (registry: Registry) => ({
  folded: counterOnce(registry, 'analyze_alerts_folded_total', 'Firing alerts folded into an open incident (no model call)'),
  recommendations: counterOnce(registry, 'analyze_recommendations_total', 'Recommendations by source (slm, rules, cache) and action', [
    'source',
    'action',
  ]),
  degraded: counterOnce(
    registry,
    'analyze_degraded_total',
    'Recommendations the model did not simply make, by reason (no_model, model_unavailable, invalid_output, repaired)',
    ['reason'],
  ),
  modelRequests: modelRequestDurations(registry),
  kubernetes: kubernetesApiRequests(registry),
});
export type AnalyzeMetrics = ReturnType<typeof analyzeMetrics>;
