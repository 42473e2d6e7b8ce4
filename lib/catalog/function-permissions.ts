import type { Permission } from './action-spec.ts';
import { allActions } from './catalog.ts';

const get = (apiGroup: string, resource: string): Permission => ({ apiGroup, resource, verbs: ['get'] });
const getList = (apiGroup: string, resource: string): Permission => ({ apiGroup, resource, verbs: ['get', 'list'] });

/**
 * What the read-only cluster port asks (lib/kube/kube-reads, resolve-chain, workload-reads): owner chains, workload,
 * pod, node and claim facts, recent events.
 */
export const CLUSTER_READS: readonly Permission[] = [
  getList('', 'pods'),
  getList('', 'events'),
  getList('', 'nodes'),
  get('', 'persistentvolumeclaims'),
  getList('apps', 'deployments'),
  getList('apps', 'statefulsets'),
  getList('apps', 'daemonsets'),
  getList('apps', 'replicasets'),
  get('batch', 'jobs'),
  getList('autoscaling', 'horizontalpodautoscalers'),
  get('storage.k8s.io', 'storageclasses'),
  // A scrape target that is down (TargetDown): its Service and the pods it selects; a failing PersistentVolume.
  get('', 'services'),
  get('', 'persistentvolumes'),
];

/**
 * What the headroom gate and analyze's capacity summary read (lib/kube/capacity-reads): the namespace's
 * ResourceQuotas and LimitRanges; nodes and pods are listed with CLUSTER_READS' verbs. assess does not need them.
 */
export const CAPACITY_READS: readonly Permission[] = [getList('', 'resourcequotas'), getList('', 'limitranges')];

/** assess starts and stops the assessment tick's PingSource (a Role in its own namespace, not cluster-wide). */
export const TICK_SCHEDULE: readonly Permission[] = [
  { apiGroup: 'sources.knative.dev', resource: 'pingsources', verbs: ['create', 'delete'] },
];

/** Merges permissions: one entry per (apiGroup, resource), verbs united and sorted. */
export const mergePermissions = (lists: readonly (readonly Permission[])[]): Permission[] => {
  const byResource = new Map<string, Set<Permission['verbs'][number]>>();
  for (const p of lists.flat()) {
    const key = `${p.apiGroup}|${p.resource}`;
    const verbs = byResource.get(key) ?? new Set();
    for (const v of p.verbs) verbs.add(v);
    byResource.set(key, verbs);
  }
  return [...byResource.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, verbs]) => {
      const [apiGroup = '', resource = ''] = key.split('|');
      return { apiGroup, resource, verbs: [...verbs].sort() };
    });
};

/**
 * Exactly what each function's ServiceAccount needs: ingest nothing (no cluster access at all), analyze, assess
 * and mcp the reads (assess also its tick; all but assess the capacity reads), execute the reads plus what every catalog action declares. The RBAC manifests are checked against this.
 */
export const FUNCTION_PERMISSIONS: Readonly<Record<'ingest' | 'analyze' | 'execute' | 'assess' | 'mcp', readonly Permission[]>> = {
  ingest: [],
  // The action-history MCP server: what check_action_safety's gates read, and nothing that writes.
  mcp: mergePermissions([CLUSTER_READS, CAPACITY_READS]),
  analyze: mergePermissions([CLUSTER_READS, CAPACITY_READS]),
  assess: mergePermissions([CLUSTER_READS, TICK_SCHEDULE]),
  execute: mergePermissions([CLUSTER_READS, CAPACITY_READS, ...allActions().map((a) => a.permissions)]),
};
