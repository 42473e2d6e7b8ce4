import type { ResolvedTarget, Target } from '../domain/target.ts';
import type { TargetChain } from '../domain/target-chain.ts';
import type { ActionSpec } from './action-spec.ts';
import { allActions } from './catalog.ts';
import type { ActionName } from '../domain/action-name.ts';

const inChain = (chain: TargetChain): Target[] =>
  [chain.pod, chain.workload, chain.hpa, chain.node, chain.pvc, chain.service ?? null, chain.pv ?? null].filter(
    (t): t is Target => t !== null,
  );

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
export const appliesTo = (spec: ActionSpec, chain: TargetChain): boolean =>
  spec.operandKinds === 'none' || operandFor(spec, chain) !== null;

/** The actions that make sense for this chain: what the model may choose from. */
export const applicableActions = (chain: TargetChain): ActionName[] =>
  allActions()
    .filter((a) => appliesTo(a, chain))
    .map((a) => a.name);
