import { approval, block, defineGate, pass } from './gate.ts';

/**
 * A target whose numbers swing back and forth is not fixed by swinging them again: from the policy's thresholds of
 * direction changes in its window (the proposed step counted), a change needs a person, then is refused.
 */
export const oscillation = defineGate({
  name: 'oscillation',
  remedy: 'let the target settle: a person approves, or the swing leaves oscillation.windowMs; fix the cause (HPA, limits) instead',
  appliesTo: (spec) => spec.proposes !== undefined,
  check: ({ facts, policy }) => {
    const o = facts.oscillation;
    const { approvalAt, blockAt } = policy.oscillation;
    if (!o) return pass('nothing this action would move could be measured on the target');
    const thresholds = `(a person from ${approvalAt}, refused from ${blockAt} reversals)`;
    if (o.severity === 'high') return block(`oscillating: ${o.reasoning} ${thresholds}`);
    if (o.severity === 'medium') return approval(`oscillating: ${o.reasoning} ${thresholds}; a person decides`);
    return pass(`${o.reasoning} ${thresholds}`);
  },
});
