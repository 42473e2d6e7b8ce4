import * as z from 'zod';
import type { AlertData } from '../events/alert-events.ts';
import type { NodeFacts, PodFacts, PvcFacts, WorkloadFacts } from '../domain/facts.ts';

/**
 * What analyze would have read from the cluster for one corpus case, in short; what is left out is unknown, as
 * without cluster access. Names come from the alert's labels.
 */
export const CorpusCluster = z.strictObject({
  workload: z
    .strictObject({
      replicas: z.number().int().min(0).optional(),
      /** How long before the alert started the current revision rolled out (else: a month). */
      revisionAgeMinutes: z.number().min(0).optional(),
      /** Is there a revision to roll back to (else: yes)? */
      hasPreviousRevision: z.boolean().optional(),
      hpa: z.strictObject({ minReplicas: z.number().int().min(1), maxReplicas: z.number().int().min(1) }).optional(),
    })
    .optional(),
  /** The alert's pod, one entry per container state seen (the container is the alert's). */
  pods: z
    .array(z.strictObject({ waiting: z.string().optional(), lastTermination: z.string().optional(), restarts: z.number().int().min(0) }))
    .optional(),
  node: z.strictObject({ ready: z.boolean() }).optional(),
  pvc: z.strictObject({ expandable: z.boolean(), requested: z.string().min(1) }).optional(),
});
export type CorpusCluster = z.infer<typeof CorpusCluster>;

/** The facts a corpus case stands for. */
export interface CaseFacts {
  workload: WorkloadFacts | null;
  pods: PodFacts[];
  node: NodeFacts | null;
  pvc: PvcFacts | null;
}

const MONTH_MINUTES = 30 * 24 * 60;
// The kernel's OOM killer ends a container with SIGKILL: 128 + 9.
const exitCode = (reason: string) => (reason === 'OOMKilled' ? 137 : 1);

/** Expands a case's short cluster description into the facts analyze and the gates read. */
export const caseFacts = (cluster: CorpusCluster | undefined, alert: AlertData): CaseFacts => {
  const t = alert.target;
  const container = t?.container ?? 'app';
  const owner = alert.workload ?? t;
  const w = cluster?.workload;
  const started = Date.parse(alert.startsAt);
  const workload: WorkloadFacts | null =
    w && owner?.namespace
      ? {
          kind: alert.workload?.kind ?? 'Deployment',
          namespace: owner.namespace,
          name: owner.name,
          exists: true,
          replicas: w.replicas ?? null,
          readyReplicas: null,
          updatedReplicas: null,
          revision: 2,
          revisionCreatedAt: new Date(started - (w.revisionAgeMinutes ?? MONTH_MINUTES) * 60_000).toISOString(),
          hasPreviousRevision: w.hasPreviousRevision ?? true,
          paused: false,
          containers: [{ name: container, requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: null, memory: '512Mi' } }],
          hpa: w.hpa ? { name: owner.name, ...w.hpa, currentReplicas: w.hpa.maxReplicas, desiredReplicas: w.hpa.maxReplicas } : null,
          gitops: null,
        }
      : null;
  const pods: PodFacts[] = (cluster?.pods ?? []).map((p, i) => ({
    name: t?.kind === 'Pod' ? t.name : `${owner?.name ?? 'pod'}-${i}`,
    phase: 'Running',
    node: null,
    controlled: true,
    containers: [
      {
        name: container,
        ready: false,
        restarts: p.restarts,
        waiting: p.waiting ?? null,
        lastTermination: p.lastTermination ? { reason: p.lastTermination, exitCode: exitCode(p.lastTermination), finishedAt: null } : null,
      },
    ],
  }));
  const node =
    cluster?.node && t?.kind === 'Node' ? { name: t.name, ready: cluster.node.ready, unschedulable: false, conditions: [] } : null;
  const claim = cluster?.pvc;
  const pvc =
    claim && t?.kind === 'PersistentVolumeClaim' && t.namespace
      ? {
          namespace: t.namespace,
          name: t.name,
          requested: claim.requested,
          capacity: claim.requested,
          storageClass: 'standard',
          phase: 'Bound',
          expandable: claim.expandable,
        }
      : null;
  return { workload, pods, node, pvc };
};
