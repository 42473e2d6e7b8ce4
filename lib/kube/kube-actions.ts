import type { KubeClients } from './kube-clients.ts';
import type { ClusterActions, KubeObject } from '../ports/cluster-actions.ts';
import { kubeCall } from './kube-call.ts';
import { KubeError, orNull, statusMessage } from '../errors/kube-errors.ts';
import { describeRef, describeRequest, type KubeRequest, type ObjectRef } from '../domain/kube-request.ts';
import { specHash } from './spec-hash.ts';
import { deploymentRevisions } from './workload-reads.ts';

const API_VERSION: Record<string, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Pod: 'v1',
  Node: 'v1',
  PersistentVolumeClaim: 'v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
};

/** The mutating port over a real API server; every call classified at the boundary (see kube-errors). */
export const createKubeActions = (c: KubeClients, timeoutMs: number, component: string): ClusterActions => {
  const call = <T>(what: string, fn: () => Promise<T>) => kubeCall(what, timeoutMs, fn);
  const strategy = {
    'strategic-merge': c.k8s.PatchStrategy.StrategicMergePatch,
    merge: c.k8s.PatchStrategy.MergePatch,
    json: c.k8s.PatchStrategy.JsonPatch,
  } as const;

  const read = async (ref: ObjectRef): Promise<KubeObject | null> => {
    const p = { name: ref.name, namespace: ref.namespace ?? '' };
    const r = (fn: () => Promise<unknown>) => orNull(call(`read ${describeRef(ref)}`, fn)) as Promise<KubeObject | null>;
    switch (ref.kind) {
      case 'Deployment':
        return r(() => c.apps.readNamespacedDeployment(p));
      case 'StatefulSet':
        return r(() => c.apps.readNamespacedStatefulSet(p));
      case 'DaemonSet':
        return r(() => c.apps.readNamespacedDaemonSet(p));
      case 'Pod':
        return r(() => c.core.readNamespacedPod(p));
      case 'Node':
        return r(() => c.core.readNode({ name: ref.name }));
      case 'PersistentVolumeClaim':
        return r(() => c.core.readNamespacedPersistentVolumeClaim(p));
      case 'HorizontalPodAutoscaler':
        return r(() => c.autoscaling.readNamespacedHorizontalPodAutoscaler(p));
      case 'ReplicaSet':
        return r(() => c.apps.readNamespacedReplicaSet(p));
      case 'Job':
        return r(() => c.batch.readNamespacedJob(p));
      case 'CronJob':
        return r(() => c.batch.readNamespacedCronJob(p));
      case 'Service':
        return r(() => c.core.readNamespacedService(p));
      case 'PersistentVolume':
        return r(() => c.core.readPersistentVolume({ name: ref.name }));
      default:
        throw new KubeError('invalid', 400, `reading ${ref.kind} is not supported`);
    }
  };

  const patch = (r: Extract<KubeRequest, { op: 'patch' }>): Promise<unknown> => {
    const p = { name: r.ref.name, namespace: r.ref.namespace ?? '', body: r.body as object };
    // The client sends JSON Patch unless told otherwise: every patch names its strategy.
    const options = c.k8s.setHeaderOptions('Content-Type', strategy[r.patchType]);
    const k = `${r.ref.kind}${r.subresource ? `/${r.subresource}` : ''}`;
    switch (k) {
      case 'Deployment':
        return c.apps.patchNamespacedDeployment(p, options);
      case 'Deployment/scale':
        return c.apps.patchNamespacedDeploymentScale(p, options);
      case 'StatefulSet':
        return c.apps.patchNamespacedStatefulSet(p, options);
      case 'StatefulSet/scale':
        return c.apps.patchNamespacedStatefulSetScale(p, options);
      case 'DaemonSet':
        return c.apps.patchNamespacedDaemonSet(p, options);
      case 'HorizontalPodAutoscaler':
        return c.autoscaling.patchNamespacedHorizontalPodAutoscaler(p, options);
      case 'Node':
        return c.core.patchNode({ name: r.ref.name, body: r.body as object }, options);
      case 'PersistentVolumeClaim':
        return c.core.patchNamespacedPersistentVolumeClaim(p, options);
      default:
        throw new KubeError('invalid', 400, `patching ${k} is not supported`);
    }
  };

  return {
    read,
    async snapshot(ref) {
      const o = await read(ref);
      const state = o
        ? ref.kind === 'Pod'
          ? { uid: o.metadata?.uid, nodeName: o.spec?.nodeName, phase: o.status?.phase }
          : (o.spec ?? null)
        : null;
      return { ref, exists: o !== null, resourceVersion: o?.metadata?.resourceVersion ?? null, state, specHash: specHash(state) };
    },
    async apply(r) {
      const what = describeRequest(r).split(' {')[0] ?? r.op;
      const p = { name: r.ref.name, namespace: r.ref.namespace ?? '' };
      if (r.op === 'patch' || r.op === 'delete') {
        await call(what, () => (r.op === 'patch' ? patch(r) : c.core.deleteNamespacedPod(p)));
        return { status: 'done' };
      }
      try {
        await call(what, async () => {
          try {
            return await c.core.createNamespacedPodEviction({ ...p, body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: p } });
          } catch (error) {
            // The Eviction API answers 429 when a PodDisruptionBudget would be violated: respected, not retried.
            const e = error as { code?: number; body?: unknown };
            if (e.code === 429) throw new KubeError('blocked', 429, `${what}: ${statusMessage(e.body)}`);
            throw error;
          }
        });
        return { status: 'done' };
      } catch (error) {
        if (error instanceof KubeError && error.failure === 'blocked') return { status: 'blocked', reason: error.message };
        throw error;
      }
    },
    async announce(ref, event) {
      const namespace = ref.namespace ?? 'default';
      const o = await read(ref).catch(() => null);
      const now = new Date();
      await call(`create Event on ${describeRef(ref)}`, () =>
        c.core.createNamespacedEvent({
          namespace,
          body: {
            metadata: { generateName: `${ref.name}.alerts-slm.`, namespace },
            involvedObject: {
              apiVersion: API_VERSION[ref.kind] ?? 'v1',
              kind: ref.kind,
              name: ref.name,
              ...(ref.namespace ? { namespace: ref.namespace } : {}),
              ...(o?.metadata?.uid ? { uid: o.metadata.uid } : {}),
            },
            reason: event.reason,
            message: event.message.slice(0, 1024),
            type: event.type,
            count: 1,
            firstTimestamp: now,
            lastTimestamp: now,
            source: { component },
            reportingComponent: component,
            reportingInstance: component,
          },
        }),
      );
    },
    async podsOnNode(node) {
      const list = await call(`list Pods on Node ${node}`, () =>
        c.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node}` }),
      );
      return list.items.map((p) => ({
        namespace: p.metadata?.namespace ?? '',
        name: p.metadata?.name ?? '',
        daemonSet: Boolean(p.metadata?.ownerReferences?.some((o) => o.controller && o.kind === 'DaemonSet')),
        mirror: Boolean(p.metadata?.annotations?.['kubernetes.io/config.mirror']),
        startedAt: (p.status?.startTime ?? p.metadata?.creationTimestamp)?.toISOString() ?? null,
      }));
    },
    async revisions(ref) {
      const d = await call(`read ${describeRef(ref)}`, () =>
        c.apps.readNamespacedDeployment({ name: ref.name, namespace: ref.namespace ?? '' }),
      );
      return (await deploymentRevisions(c, d, timeoutMs)).map(({ rs, revision }) => ({
        revision,
        replicaSet: rs.metadata?.name ?? '',
        template: rs.spec?.template,
      }));
    },
    logs: (namespace, pod, container, o) =>
      call(`read logs of ${namespace}/${pod}/${container}`, () =>
        c.core.readNamespacedPodLog({
          name: pod,
          namespace,
          container,
          tailLines: o.tailLines,
          limitBytes: o.limitBytes,
          previous: o.previous,
        }),
      ),
  };
};
