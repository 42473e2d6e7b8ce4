import type { ActionSpec } from '../catalog/action-spec.ts';
import { isPodController } from '../domain/target.ts';
import { block, defineGate, pass } from './gate.ts';

const onWorkload = (spec: ActionSpec) => spec.operandKinds !== 'none' && spec.operandKinds.some(isPodController);
const changesReplicasOfWorkload = (spec: ActionSpec) => Object.values(spec.bounds).includes('replicas') && onWorkload(spec);
const changesWorkload = (spec: ActionSpec) => spec.mutating && onWorkload(spec);

/** No replica change on a workload an HPA controls: the HPA would undo it (adjust the HPA instead). */
export const hpaConflict = defineGate({
  name: 'hpa_conflict',
  remedy: "adjust the HPA's bounds (adjust_hpa) instead of the replicas",
  appliesTo: changesReplicasOfWorkload,
  check: ({ facts }) =>
    facts.workload?.hpa
      ? block(`HorizontalPodAutoscaler ${facts.workload.hpa.name} controls the replicas; adjust the HPA instead`)
      : pass('no HorizontalPodAutoscaler controls this workload'),
});

/** A workload Argo CD or Flux manages is changed only if the policy allows it, and the reason says why it may not last. */
export const gitopsOwnership = defineGate({
  name: 'gitops',
  remedy: 'change it in Git (Argo CD / Flux would revert it), or set allowGitOpsChanges',
  appliesTo: changesWorkload,
  check: ({ facts, policy }) => {
    const g = facts.workload?.gitops;
    if (!g) return pass('not managed by GitOps');
    const who = g.manager === 'argocd' ? 'Argo CD' : 'Flux';
    return policy.allowGitOpsChanges
      ? pass(`managed by ${who} (${g.detail}); allowed by the policy, but GitOps may revert the change`)
      : block(`managed by ${who} (${g.detail}); GitOps would revert the change, so change it in Git (allowGitOpsChanges is off)`);
  },
});
