import type { AlertData } from '../events/alert-events.ts';
import type { ResolvedTarget } from '../events/action-recommended.ts';
import { isWorkloadKind, type Target } from '../events/target.ts';
import type { ActionSpec } from './action-spec.ts';
import { allActions } from './catalog.ts';
import type { ActionName } from './action-name.ts';

/** Everything an alert's target leads to: the pod, its workload, the workload's HPA, the node, the volume claim. */
export interface TargetChain {
  pod: Target | null;
  workload: Target | null;
  hpa: Target | null;
  node: Target | null;
  pvc: Target | null;
  /** A Service the alert is about (a scrape target that is down); its pods are those it selects. */
  service?: Target | null;
  /** A PersistentVolume (cluster-scoped) the alert is about. */
  pv?: Target | null;
  /** Read from the cluster (owner references), rather than taken from labels. */
  verified: boolean;
  /** How the workload was found. */
  via: ResolvedTarget['via'];
}

/** The chain the alert's labels alone give (no cluster access): unverified. */
export const chainFromLabels = (alert: AlertData): TargetChain => {
  const t = alert.target;
  const is = (kind: string) => (t?.kind === kind ? t : null);
  const workload = t && isWorkloadKind(t.kind) ? t : alert.workload ? { kind: alert.workload.kind, namespace: alert.workload.namespace, name: alert.workload.name, container: t?.container ?? null } : null;
  return {
    pod: is('Pod'),
    workload,
    hpa: is('HorizontalPodAutoscaler'),
    node: is('Node'),
    pvc: is('PersistentVolumeClaim'),
    service: is('Service'),
    pv: is('PersistentVolume'),
    verified: false,
    via: alert.workload?.inferred && !(t && isWorkloadKind(t.kind)) ? 'inferred' : 'labels',
  };
};

const inChain = (chain: TargetChain): Target[] =>
  [chain.pod, chain.workload, chain.hpa, chain.node, chain.pvc, chain.service ?? null, chain.pv ?? null].filter((t): t is Target => t !== null);

/** The object an action would operate on, from the chain and the action's declared kinds; null when none fits. */
export const operandFor = (spec: ActionSpec, chain: TargetChain): ResolvedTarget | null => {
  if (spec.operandKinds === 'none') return null;
  for (const kind of spec.operandKinds) {
    const found = inChain(chain).find((t) => t.kind === kind);
    if (found) return { ...found, verified: chain.verified, via: chain.via };
  }
  return null;
};

/** Can this action apply to this chain at all (an operand exists, or it needs none)? */
export const appliesTo = (spec: ActionSpec, chain: TargetChain): boolean => spec.operandKinds === 'none' || operandFor(spec, chain) !== null;

/** The actions that make sense for this chain: what the model may choose from. */
export const applicableActions = (chain: TargetChain): ActionName[] => allActions().filter((a) => appliesTo(a, chain)).map((a) => a.name);
