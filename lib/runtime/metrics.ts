import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
export const counterOnce = <L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Counter<L> => metricOnce(registry, name, () => new Counter<L>({ name, help, labelNames, registers: [registry] }));

/** A histogram registered once per registry (see metricOnce). */
export const histogramOnce = <L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
  buckets: readonly number[],
): Histogram<L> =>
  metricOnce(registry, name, () => new Histogram<L>({ name, help, labelNames, buckets: [...buckets], registers: [registry] }));

/** A gauge registered once per registry (see metricOnce). */
export const gaugeOnce = <L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Gauge<L> => metricOnce(registry, name, () => new Gauge<L>({ name, help, labelNames, registers: [registry] }));

/** The wrapper's own metrics: invocations by function and status, and their duration. */
export const invocationMetrics = (registry: Registry) => ({
  invocations: counterOnce(registry, 'function_invocations_total', 'Invocations by function and HTTP status', ['function', 'status']),
  duration: histogramOnce(
    registry,
    'function_duration_seconds',
    'Invocation duration by function',
    ['function'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  ),
});
