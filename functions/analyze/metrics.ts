import type { Registry } from 'prom-client';
import { kubernetesApiRequests } from '../../lib/runtime/adapter-metrics.ts';
import { counterOnce, histogramOnce } from '../../lib/runtime/metrics.ts';

// A small model on a CPU answers in seconds to a minute; SLM_TIMEOUT defaults to 30 s.
const MODEL_SECONDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

/** analyze's metrics: what each alert became, what each recommendation came from, every model and API request. */
export const analyzeMetrics = (registry: Registry) => ({
  folded: counterOnce(registry, 'analyze_alerts_folded_total', 'Firing alerts folded into an open incident (no model call)'),
  recommendations: counterOnce(registry, 'analyze_recommendations_total', 'Recommendations by source (slm, rules, cache) and action', ['source', 'action']),
  degraded: counterOnce(
    registry,
    'analyze_degraded_total',
    'Recommendations the model did not simply make, by reason (no_model, model_unavailable, invalid_output, repaired)',
    ['reason'],
  ),
  modelRequests: histogramOnce(
    registry,
    'slm_requests_duration_seconds',
    'Model requests (every attempt, retries and repairs included) by model, provider and outcome',
    ['model', 'provider', 'outcome'],
    MODEL_SECONDS,
  ),
  kubernetes: kubernetesApiRequests(registry),
});
export type AnalyzeMetrics = ReturnType<typeof analyzeMetrics>;
