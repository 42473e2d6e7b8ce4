import type { DimensionChange } from '../domain/oscillation.ts';
import { parseQuantity } from '../domain/quantity.ts';

/** The numbers of an object's spec that our actions move, by name (e.g. `replicas`, `api memory (Mi)`). */
export type Dimensions = Readonly<Record<string, number>>;

type Container = { name?: string; resources?: { requests?: Record<string, string> } };

const quantity = (text: string | undefined, unit: number): number | null => {
  if (text === undefined) return null;
  try {
    return Math.round((parseQuantity(text) / unit) * 100) / 100;
  } catch {
    return null;
  }
};

/** The name of a container's resource dimension: what increase_resources moves (its request, in Mi or millicores). */
export const resourceDimension = (container: string, resource: 'memory' | 'cpu'): string =>
  resource === 'memory' ? `${container} memory (Mi)` : `${container} cpu (m)`;

/** The container and resource a dimension names (the inverse of resourceDimension), or null for any other dimension. */
export const resourceOfDimension = (dimension: string): { container: string; resource: 'memory' | 'cpu' } | null => {
  const m = /^(.*) (memory \(Mi\)|cpu \(m\))$/.exec(dimension);
  return m?.[1] && m[2] ? { container: m[1], resource: m[2].startsWith('memory') ? 'memory' : 'cpu' } : null;
};

/** A dimension's value in base units: Mi as bytes, millicores as cores, Gi as bytes; other dimensions as they are. */
export const baseUnits = (dimension: string, value: number): number =>
  dimension.endsWith('(Mi)')
    ? value * 2 ** 20
    : dimension.endsWith('(m)')
      ? value / 1000
      : dimension.endsWith('(Gi)')
        ? value * 2 ** 30
        : value;

const containerDimensions = (containers: readonly Container[]): [string, number][] =>
  containers.flatMap((c) => {
    const name = c.name ?? '?';
    const memory = quantity(c.resources?.requests?.memory, 2 ** 20);
    const cpu = quantity(c.resources?.requests?.cpu, 1e-3);
    return [
      ...(memory === null ? [] : [[resourceDimension(name, 'memory'), memory] as [string, number]]),
      ...(cpu === null ? [] : [[resourceDimension(name, 'cpu'), cpu] as [string, number]]),
    ];
  });

/** What an object of `kind` measures, read from its spec (workloads, HPAs, claims; nothing for other kinds). */
export const dimensionsOf = (kind: string, spec: unknown): Dimensions => {
  const s = (spec ?? {}) as Record<string, unknown>;
  const entries: [string, number][] = [];
  const num = (name: string, value: unknown) => typeof value === 'number' && entries.push([name, value]);
  if (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet') {
    num('replicas', s.replicas ?? (kind === 'DaemonSet' ? undefined : 1));
    const template = s.template as { spec?: { containers?: Container[] } } | undefined;
    entries.push(...containerDimensions(template?.spec?.containers ?? []));
  } else if (kind === 'HorizontalPodAutoscaler') {
    num('minReplicas', s.minReplicas ?? 1);
    num('maxReplicas', s.maxReplicas);
  } else if (kind === 'PersistentVolumeClaim') {
    const storage = quantity((s.resources as { requests?: Record<string, string> } | undefined)?.requests?.storage, 2 ** 30);
    if (storage !== null) entries.push(['storage (Gi)', storage]);
  }
  return Object.fromEntries(entries);
};

/** The dimensions one performed action moved: every number of the spec that differs before and after. */
export const changesBetween = (kind: string, before: unknown, after: unknown, at: Date): DimensionChange[] => {
  const a = dimensionsOf(kind, before);
  const b = dimensionsOf(kind, after);
  return Object.keys(b).flatMap((dimension) => {
    const was = a[dimension];
    const is = b[dimension];
    return was !== undefined && is !== undefined && was !== is ? [{ dimension, at, before: was, after: is }] : [];
  });
};
