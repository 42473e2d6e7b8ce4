import {
  arrayAt,
  canonicalJson,
  child,
  clone,
  deepEqual,
  isObject,
  type JsonObject,
  numberAt,
  objectAt,
  stringAt,
  stringMapAt,
} from './fake-kube-json.ts';
import { typeOf, type ResourceType } from './fake-kube-resources.ts';
import { timestamp, type ObjectStore } from './fake-kube-store.ts';

/** The annotation the deployment controller numbers ReplicaSets (and mirrors onto the Deployment) with. */
export const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const HASH_LABEL = 'pod-template-hash';
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const replicaSets = typeOf('apps', 'replicasets');

/** The `pod-template-hash` of a template: FNV-32a, digits spelled in apimachinery's SafeEncodeString alphabet. */
const podTemplateHash = (template: unknown): string => {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(canonicalJson(template))) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return [...String(hash)].map((digit) => SAFE_ALPHABET[digit.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
};

const withoutHash = (template: unknown): unknown => {
  const copy = clone(template);
  const labels = objectAt(copy, 'metadata', 'labels');
  if (labels) delete labels[HASH_LABEL];
  return copy;
};

const revisionOf = (object: unknown): number => Number(stringAt(object, 'metadata', 'annotations', REVISION) ?? 0) || 0;

/** Drops zero counts, as Go's omitempty does on the status structs. */
const omitZero = (status: JsonObject, keep: readonly string[] = []): JsonObject =>
  Object.fromEntries(Object.entries(status).filter(([key, value]) => value !== 0 || keep.includes(key)));

const condition = (previous: unknown, type: string, reason: string, message: string): JsonObject => {
  const old = arrayAt(previous, 'conditions').find((c) => stringAt(c, 'type') === type);
  const now = timestamp();
  const same = isObject(old) && old.status === 'True' && old.reason === reason;
  return {
    type,
    status: 'True',
    lastUpdateTime: same && old.message === message ? old.lastUpdateTime : now,
    lastTransitionTime: same ? old.lastTransitionTime : now,
    reason,
    message,
  };
};

/** Writes an object only when reconciling changed it (a no-op write would bump the resourceVersion). */
const writeIfChanged = (store: ObjectStore, type: ResourceType, before: JsonObject, after: JsonObject): void => {
  if (!deepEqual(before, after)) store.write(type, after);
};

const newReplicaSet = (deployment: JsonObject, revision: number): JsonObject => {
  const template = objectAt(deployment, 'spec', 'template') ?? {};
  const hash = podTemplateHash(template);
  const name = stringAt(deployment, 'metadata', 'name') ?? '';
  const labels = { ...stringMapAt(template, 'metadata', 'labels'), [HASH_LABEL]: hash };
  const selector = objectAt(deployment, 'spec', 'selector') ?? {};
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-${hash}`,
      namespace: stringAt(deployment, 'metadata', 'namespace'),
      labels,
      annotations: { [REVISION]: String(revision) },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name,
          uid: stringAt(deployment, 'metadata', 'uid'),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: 0,
      selector: { ...selector, matchLabels: { ...stringMapAt(selector, 'matchLabels'), [HASH_LABEL]: hash } },
      template: { ...template, metadata: { ...objectAt(template, 'metadata'), labels } },
    },
  };
};

const replicaSetStatus = (rs: JsonObject): JsonObject => {
  const replicas = numberAt(rs, 'spec', 'replicas') ?? 1;
  return omitZero(
    {
      replicas,
      fullyLabeledReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      observedGeneration: numberAt(rs, 'metadata', 'generation') ?? 1,
    },
    ['replicas'],
  );
};

const scaleReplicaSet = (store: ObjectStore, rs: JsonObject, replicas: number): void => {
  const next = clone(rs);
  const spec = child(next, 'spec');
  if (spec.replicas !== replicas) {
    spec.replicas = replicas;
    child(next, 'metadata').generation = (numberAt(rs, 'metadata', 'generation') ?? 1) + 1;
  }
  next.status = replicaSetStatus(next);
  child(child(next, 'metadata'), 'annotations')['deployment.kubernetes.io/desired-replicas'] = String(replicas);
  writeIfChanged(store, replicaSets, rs, next);
};

/** Gives the ReplicaSet whose template matches the Deployment's the next revision, creating it when none does. */
const currentReplicaSet = (store: ObjectStore, deployment: JsonObject): { current: JsonObject; others: JsonObject[] } => {
  const uid = stringAt(deployment, 'metadata', 'uid');
  const owned = store
    .list(replicaSets, stringAt(deployment, 'metadata', 'namespace') ?? '')
    .filter((rs) =>
      arrayAt(rs, 'metadata', 'ownerReferences').some((ref) => stringAt(ref, 'uid') === uid && isObject(ref) && ref.controller === true),
    );
  const template = objectAt(deployment, 'spec', 'template') ?? {};
  const matching = owned.find((rs) => deepEqual(withoutHash(objectAt(rs, 'spec', 'template')), template));
  const others = owned.filter((rs) => rs !== matching);
  const next = Math.max(0, ...others.map(revisionOf)) + 1;
  if (!matching) return { current: store.create(replicaSets, newReplicaSet(deployment, next)), others };
  if (revisionOf(matching) >= next) return { current: matching, others };
  const promoted = clone(matching);
  const annotations = child(child(promoted, 'metadata'), 'annotations');
  const history = [stringAt(annotations, REVISION_HISTORY), stringAt(annotations, REVISION)].filter((r) => r).join(',');
  Object.assign(annotations, { [REVISION]: String(next), [REVISION_HISTORY]: history });
  return { current: store.write(replicaSets, promoted), others };
};

const deploymentStatus = (deployment: JsonObject, rsName: string): JsonObject => {
  const replicas = numberAt(deployment, 'spec', 'replicas') ?? 1;
  const previous = objectAt(deployment, 'status');
  return {
    ...omitZero({
      observedGeneration: numberAt(deployment, 'metadata', 'generation') ?? 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
    }),
    conditions: [
      condition(previous, 'Available', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'),
      condition(previous, 'Progressing', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`),
    ],
  };
};

const reconcileDeployment = (store: ObjectStore, type: ResourceType, deployment: JsonObject, keepStatus: boolean): void => {
  const { current, others } = currentReplicaSet(store, deployment);
  scaleReplicaSet(store, current, numberAt(deployment, 'spec', 'replicas') ?? 1);
  for (const rs of others) scaleReplicaSet(store, rs, 0);
  const next = clone(deployment);
  child(child(next, 'metadata'), 'annotations')[REVISION] = String(revisionOf(current));
  if (!keepStatus) next.status = deploymentStatus(next, stringAt(current, 'metadata', 'name') ?? '');
  writeIfChanged(store, type, deployment, next);
};

const reconcileStatefulSet = (store: ObjectStore, type: ResourceType, statefulSet: JsonObject): void => {
  const replicas = numberAt(statefulSet, 'spec', 'replicas') ?? 1;
  const next = clone(statefulSet);
  const observedGeneration = numberAt(statefulSet, 'metadata', 'generation') ?? 1;
  next.status = omitZero(
    {
      observedGeneration,
      replicas,
      readyReplicas: replicas,
      currentReplicas: replicas,
      updatedReplicas: replicas,
      availableReplicas: replicas,
    },
    ['replicas', 'availableReplicas'],
  );
  writeIfChanged(store, type, statefulSet, next);
};

/**
 * What the controllers do after an object is written: the deployment controller keeps one ReplicaSet per template
 * revision and mirrors the revision; workload status follows spec.replicas unless the test pinned a status.
 */
export const reconcile = (store: ObjectStore, type: ResourceType, object: JsonObject, keepStatus: boolean): void => {
  if (type.kind === 'Deployment') reconcileDeployment(store, type, object, keepStatus);
  else if (type.kind === 'StatefulSet' && !keepStatus) reconcileStatefulSet(store, type, object);
};

/** Status a controller would already have observed on an object a test seeds (a PDB's observedGeneration). */
export const observedOnSeed = (type: ResourceType, object: JsonObject): void => {
  if (type.kind !== 'PodDisruptionBudget' || !isObject(object.status) || object.status.observedGeneration !== undefined) return;
  object.status.observedGeneration = numberAt(object, 'metadata', 'generation') ?? 1;
};
