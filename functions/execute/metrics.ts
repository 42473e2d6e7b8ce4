import type { Registry } from 'prom-client';
import { counterOnce } from '../../lib/runtime/metrics.ts';

/** execute's counters: decisions and outcomes by action, and every blocking verdict by gate. */
export const executeMetrics = (registry: Registry) => ({
  outcomes: counterOnce(registry, 'execute_actions_total', 'Actions by catalog action and final status', ['action', 'status']),
  blocked: counterOnce(registry, 'execute_gate_blocks_total', 'Gate verdicts that blocked or required approval, by gate', ['gate', 'verdict']),
});
export type ExecuteMetrics = ReturnType<typeof executeMetrics>;
