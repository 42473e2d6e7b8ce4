import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A private registry (the runtime's own is separate and not served): process metrics plus ours. */
export const createRegistry = (options: { defaultMetrics?: boolean } = {}): Registry => {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
};

/** A metric registered once per registry, so two functions in one process share it. */
export const metricOnce = <M>(registry: Registry, name: string, make: () => M): M =>
  (registry.getSingleMetric(name) as M | undefined) ?? make();

/** A counter registered once per registry (see metricOnce). */
export const counterOnce = <L extends string = never>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []): Counter<L> =>
  metricOnce(registry, name, () => new Counter<L>({ name, help, labelNames, registers: [registry] }));

/** The wrapper's own metrics: invocations by function and status, and their duration. */
export const invocationMetrics = (registry: Registry) => ({
  invocations: counterOnce(registry, 'function_invocations_total', 'Invocations by function and HTTP status', ['function', 'status']),
  duration: metricOnce(registry, 'function_duration_seconds', () =>
    new Histogram({
      name: 'function_duration_seconds',
      help: 'Invocation duration by function',
      labelNames: ['function'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
  ),
});
