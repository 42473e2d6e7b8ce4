import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import type { TargetChain } from '../domain/target-chain.ts';
import { readCapacity } from './capacity-reads.ts';
import type { ClusterReads } from '../ports/cluster.ts';
import type { EventFacts, PodFacts } from '../domain/facts.ts';
import type { KubeReadApi } from './read-api.ts';
import { kubeCall } from './kube-call.ts';
import { orNull } from '../errors/kube-errors.ts';
import { selectorString, type LabelSelector } from './label-selector.ts';
import { resolveChain } from './resolve-chain.ts';
import { iso, readWorkload, workloadFacts } from './workload-reads.ts';

/** A pod's state, as the prompt and the assessment read it. */
export const podFacts = (p: V1Pod): PodFacts => ({
  name: p.metadata?.name ?? '',
  phase: p.status?.phase ?? 'Unknown',
  node: p.spec?.nodeName ?? null,
  controlled: Boolean(p.metadata?.ownerReferences?.some((o) => o.controller)),
  containers: (p.status?.containerStatuses ?? []).map((s) => ({
    name: s.name,
    ready: s.ready,
    restarts: s.restartCount,
    waiting: s.state?.waiting?.reason ?? null,
    lastTermination: s.lastState?.terminated
      ? {
          reason: s.lastState.terminated.reason ?? null,
          exitCode: s.lastState.terminated.exitCode ?? null,
          finishedAt: iso(s.lastState.terminated.finishedAt),
        }
      : null,
  })),
});

const eventFacts = (e: CoreV1Event): EventFacts => ({
  type: e.type ?? 'Normal',
  reason: e.reason ?? '',
  message: (e.message ?? '').slice(0, 300),
  count: e.count ?? 1,
  lastSeen: iso(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp),
});

// Pods that are not fine come first: they are what the alert is about.
const troubled = (p: PodFacts) => (p.phase !== 'Running' || p.containers.some((c) => !c.ready || c.waiting) ? 0 : 1);

// A Service's selector as a label selector; none (a Service without a selector selects no pods) is undefined.
const serviceSelector = async (c: KubeReadApi, namespace: string, name: string, timeoutMs: number): Promise<LabelSelector | undefined> => {
  const service = await orNull(
    kubeCall(`read Service ${namespace}/${name}`, timeoutMs, () => c.core.readNamespacedService({ name, namespace })),
  );
  const matchLabels = service?.spec?.selector;
  return matchLabels && Object.keys(matchLabels).length > 0 ? { matchLabels } : undefined;
};

/** The read-only port over a real API server. */
export const createKubeReads = (c: KubeReadApi, timeoutMs: number): ClusterReads => ({
  available: true,
  source: 'kubernetes-api',
  resolveChain: (alert) => resolveChain(c, alert, timeoutMs),
  workloadFacts: (t) => workloadFacts(c, t, timeoutMs),
  async podFacts(chain: TargetChain, limit) {
    const pods: PodFacts[] = [];
    if (chain.pod?.namespace) {
      const { name, namespace } = chain.pod;
      const pod = await orNull(kubeCall(`read Pod ${namespace}/${name}`, timeoutMs, () => c.core.readNamespacedPod({ name, namespace })));
      if (pod) pods.push(podFacts(pod));
    }
    // The pods of the workload, or (a scrape target that is down) those the Service selects.
    const owner = chain.workload ?? chain.service ?? null;
    const selector = chain.workload
      ? ((await readWorkload(c, chain.workload, timeoutMs))?.spec?.selector as LabelSelector | undefined)
      : chain.service?.namespace
        ? await serviceSelector(c, chain.service.namespace, chain.service.name, timeoutMs)
        : undefined;
    if (selector && owner?.namespace) {
      const namespace = owner.namespace;
      const list = await kubeCall(`list Pods of ${namespace}/${owner.name}`, timeoutMs, () =>
        c.core.listNamespacedPod({ namespace, labelSelector: selectorString(selector) }),
      );
      const others = list.items.map(podFacts).filter((p) => !pods.some((q) => q.name === p.name));
      pods.push(...others.sort((a, b) => troubled(a) - troubled(b)));
    }
    return pods.slice(0, limit);
  },
  async recentEvents(t, limit) {
    const fieldSelector = `involvedObject.kind=${t.kind},involvedObject.name=${t.name}`;
    const list = await kubeCall(`list Events of ${t.kind} ${t.name}`, timeoutMs, () =>
      t.namespace
        ? c.core.listNamespacedEvent({ namespace: t.namespace, fieldSelector })
        : c.core.listEventForAllNamespaces({ fieldSelector }),
    );
    return list.items
      .map(eventFacts)
      .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
      .slice(0, limit);
  },
  async nodeFacts(name) {
    const n = await orNull(kubeCall(`read Node ${name}`, timeoutMs, () => c.core.readNode({ name })));
    if (!n) return null;
    const conditions = (n.status?.conditions ?? []).map((x) => ({ type: x.type, status: x.status, reason: x.reason ?? null }));
    const ready = conditions.find((x) => x.type === 'Ready');
    return { name, ready: ready ? ready.status === 'True' : null, unschedulable: Boolean(n.spec?.unschedulable), conditions };
  },
  async pvcFacts(namespace, name) {
    const pvc = await orNull(
      kubeCall(`read PersistentVolumeClaim ${namespace}/${name}`, timeoutMs, () =>
        c.core.readNamespacedPersistentVolumeClaim({ name, namespace }),
      ),
    );
    if (!pvc) return null;
    const className = pvc.spec?.storageClassName ?? null;
    const sc = className
      ? await orNull(kubeCall(`read StorageClass ${className}`, timeoutMs, () => c.storage.readStorageClass({ name: className })))
      : null;
    return {
      namespace,
      name,
      requested: (pvc.spec?.resources?.requests?.storage as string | undefined) ?? null,
      capacity: (pvc.status?.capacity?.storage as string | undefined) ?? null,
      storageClass: className,
      expandable: sc ? Boolean(sc.allowVolumeExpansion) : null,
      phase: pvc.status?.phase ?? null,
    };
  },
  capacityFacts: (namespace) => readCapacity(c, namespace, timeoutMs),
});
