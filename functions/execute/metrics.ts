import type { Registry } from 'prom-client';
import { kubernetesApiRequests } from '../../lib/runtime/adapter-metrics.ts';
import { counterOnce } from '../../lib/runtime/metrics.ts';

/** execute's counters: decisions and outcomes by action, every blocking verdict by gate, and the Kubernetes work done. */
export const executeMetrics = (registry: Registry) => ({
  outcomes: counterOnce(registry, 'execute_actions_total', 'Actions by catalog action and final status', ['action', 'status']),
  blocked: counterOnce(registry, 'execute_gate_blocks_total', 'Gate verdicts that blocked or required approval, by gate', [
    'gate',
    'verdict',
  ]),
  processed: counterOnce(
    registry,
    'alerts_processed_total',
    "Recommendations decided on, by catalog action and final status (the seed's name)",
    ['action', 'status'],
  ),
  k8sActions: counterOnce(
    registry,
    'k8s_actions_total',
    'Actions carried out (or dry-run) through the Kubernetes API, by action and result',
    ['type', 'result'],
  ),
  kubernetes: kubernetesApiRequests(registry),
});
export type ExecuteMetrics = ReturnType<typeof executeMetrics>;
