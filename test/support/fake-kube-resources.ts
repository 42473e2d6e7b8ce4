/** An API verb, as authorization and discovery name it. */
export type Verb = 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete';

/** One resource the fake serves: where it lives, what it is called, and which verbs it answers. */
export interface ResourceType {
  group: string;
  version: string;
  /** The plural path segment, e.g. `deployments`. */
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  verbs: readonly Verb[];
  subresources: Readonly<Record<string, readonly Verb[]>>;
  /** Field selector labels besides metadata.name and metadata.namespace. */
  fieldLabels: readonly string[];
  /** Writes to the main resource keep the stored status (status is its own subresource). */
  statusSubresource: boolean;
  /** The strategy keeps metadata.generation, bumped when spec changes. */
  generation: boolean;
}

const READ: readonly Verb[] = ['get', 'list'];
const WORKLOAD: readonly Verb[] = ['get', 'list', 'patch', 'update'];
const SCALE: readonly Verb[] = ['get', 'patch', 'update'];

const type = (
  t: Omit<ResourceType, 'subresources' | 'fieldLabels' | 'statusSubresource' | 'generation' | 'singular'> & Partial<ResourceType>,
): ResourceType => ({
  subresources: {},
  fieldLabels: [],
  statusSubresource: true,
  generation: false,
  singular: t.kind.toLowerCase(),
  ...t,
});

/** Every resource the fake serves. */
const RESOURCE_TYPES: readonly ResourceType[] = [
  type({
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    verbs: READ,
    fieldLabels: ['status.phase'],
  }),
  type({
    group: '',
    version: 'v1',
    resource: 'pods',
    kind: 'Pod',
    namespaced: true,
    verbs: ['get', 'list', 'delete'],
    subresources: { log: ['get'], eviction: ['create'] },
    fieldLabels: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
    generation: true,
  }),
  type({
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    namespaced: true,
    verbs: ['get', 'list', 'create'],
    statusSubresource: false,
    fieldLabels: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  }),
  type({
    group: '',
    version: 'v1',
    resource: 'nodes',
    kind: 'Node',
    namespaced: false,
    verbs: WORKLOAD,
    fieldLabels: ['spec.unschedulable'],
  }),
  type({
    group: '',
    version: 'v1',
    resource: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    verbs: ['get', 'list', 'patch'],
  }),
  type({ group: '', version: 'v1', resource: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false, verbs: READ }),
  type({ group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true, verbs: READ }),
  type({ group: '', version: 'v1', resource: 'resourcequotas', kind: 'ResourceQuota', namespaced: true, verbs: READ }),
  type({ group: '', version: 'v1', resource: 'limitranges', kind: 'LimitRange', namespaced: true, verbs: READ, statusSubresource: false }),
  type({
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    verbs: WORKLOAD,
    subresources: { scale: SCALE },
    generation: true,
  }),
  type({
    group: 'apps',
    version: 'v1',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    namespaced: true,
    verbs: WORKLOAD,
    subresources: { scale: SCALE },
    generation: true,
  }),
  type({ group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', namespaced: true, verbs: WORKLOAD, generation: true }),
  type({
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    namespaced: true,
    verbs: READ,
    fieldLabels: ['status.replicas'],
    generation: true,
  }),
  type({
    group: 'autoscaling',
    version: 'v2',
    resource: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    verbs: ['get', 'list', 'patch'],
    generation: true,
  }),
  type({
    group: 'batch',
    version: 'v1',
    resource: 'jobs',
    kind: 'Job',
    namespaced: true,
    verbs: READ,
    fieldLabels: ['status.successful'],
    generation: true,
  }),
  type({ group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true, verbs: READ, generation: true }),
  type({
    group: 'policy',
    version: 'v1',
    resource: 'poddisruptionbudgets',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    verbs: READ,
    generation: true,
  }),
  // A custom resource (Knative Eventing): assess creates the assessment tick's PingSource while work is pending.
  type({
    group: 'sources.knative.dev',
    version: 'v1',
    resource: 'pingsources',
    kind: 'PingSource',
    namespaced: true,
    verbs: ['get', 'list', 'create', 'delete'],
  }),
  type({
    group: 'storage.k8s.io',
    version: 'v1',
    resource: 'storageclasses',
    kind: 'StorageClass',
    namespaced: false,
    verbs: READ,
    statusSubresource: false,
  }),
];

/** `apps/v1`, or `v1` for the core group. */
export const apiVersionOf = (t: { group: string; version: string }): string => (t.group ? `${t.group}/${t.version}` : t.version);

/** The resource served at /api(s)/<group>/<version>/<resource>. */
export const typeByPath = (group: string, version: string, resource: string): ResourceType | undefined =>
  RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.resource === resource);

/** The resource an object's apiVersion and kind belong to. */
export const typeByKind = (apiVersion: string, kind: string): ResourceType | undefined =>
  RESOURCE_TYPES.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);

/** A resource by group and plural (for the controllers' own lookups). */
export const typeOf = (group: string, resource: string): ResourceType => {
  const found = RESOURCE_TYPES.find((t) => t.group === group && t.resource === resource);
  if (!found) throw new Error(`fake-kube-api serves no ${resource}.${group}`);
  return found;
};

const groupVersions = (): { group: string; version: string }[] => {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of RESOURCE_TYPES) seen.set(apiVersionOf(t), { group: t.group, version: t.version });
  return [...seen.values()];
};

/** GET /api: the legacy group's versions. */
export const apiVersionsDocument = (serverAddress: string): object => ({
  kind: 'APIVersions',
  versions: ['v1'],
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
});

/** GET /apis: the named groups. */
export const apiGroupListDocument = (): object => ({
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: groupVersions()
    .filter((gv) => gv.group)
    .map((gv) => {
      const version = { groupVersion: apiVersionOf(gv), version: gv.version };
      return { name: gv.group, versions: [version], preferredVersion: version };
    }),
});

/** GET /api/v1 or /apis/<group>/<version>: the resources served there (what KubernetesObjectApi discovers), or undefined. */
export const apiResourceListDocument = (group: string, version: string): object | undefined => {
  const types = RESOURCE_TYPES.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const resources = types.flatMap((t) => [
    { name: t.resource, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: [...t.verbs] },
    ...Object.entries(t.subresources).map(([sub, verbs]) => ({
      name: `${t.resource}/${sub}`,
      singularName: '',
      namespaced: t.namespaced,
      ...(sub === 'scale'
        ? { group: 'autoscaling', version: 'v1', kind: 'Scale' }
        : sub === 'eviction'
          ? { group: 'policy', version: 'v1', kind: 'Eviction' }
          : { kind: t.kind }),
      verbs: [...verbs],
    })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources };
};
