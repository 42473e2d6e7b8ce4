import { isWorkloadKind, type ResolvedTarget, type Target } from './target.ts';

/** What of an alert the chain is built from: its target and the workload its labels name or imply. */
export interface ChainLabels {
  target: Target | null;
  workload: { kind: Target['kind']; namespace: string; name: string; inferred?: boolean } | null;
}

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
export const chainFromLabels = (alert: ChainLabels): TargetChain => {
  const t = alert.target;
  const is = (kind: string) => (t?.kind === kind ? t : null);
  const workload =
    t && isWorkloadKind(t.kind)
      ? t
      : alert.workload
        ? { kind: alert.workload.kind, namespace: alert.workload.namespace, name: alert.workload.name, container: t?.container ?? null }
        : null;
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
