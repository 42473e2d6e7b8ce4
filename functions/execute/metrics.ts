import { Counter, type Registry } from 'prom-client';
import { metricOnce } from '../../lib/runtime/metrics.ts';

/** execute's counters: decisions and outcomes by action, and every blocking verdict by gate. */
export const executeMetrics = (registry: Registry) => ({
  outcomes: metricOnce(registry, 'execute_actions_total', () =>
    new Counter({ name: 'execute_actions_total', help: 'Actions by catalog action and final status', labelNames: ['action', 'status'], registers: [registry] }),
  ),
  blocked: metricOnce(registry, 'execute_gate_blocks_total', () =>
    new Counter({ name: 'execute_gate_blocks_total', help: 'Gate verdicts that blocked or required approval, by gate', labelNames: ['gate', 'verdict'], registers: [registry] }),
  ),
});
export type ExecuteMetrics = ReturnType<typeof executeMetrics>;
