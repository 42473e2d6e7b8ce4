import { approval, block, defineGate, pass } from './gate.ts';
import { anyMatch, firstInScope } from './scope.ts';

const RISK_ORDER = ['none', 'low', 'medium', 'high'] as const;

/** Protected namespaces are never changed. */
export const protectedNamespace = defineGate({
  name: 'protected_namespace',
  remedy: 'nothing: protected namespaces are never changed (protectedNamespaces)',
  appliesTo: (spec) => spec.mutating,
  check: ({ proposal: p, policy }) =>
    p.namespace && anyMatch(policy.protectedNamespaces, p.namespace)
      ? block(`namespace ${p.namespace} is protected; nothing in it is changed`)
      : pass(p.namespace ? `namespace ${p.namespace} is not protected` : 'cluster-scoped target'),
});

/** Only namespaces in the policy's list (when it has one) are acted in. */
export const namespaceAllowlist = defineGate({
  name: 'namespace_allowlist',
  remedy: "add the namespace to the policy's namespaces",
  appliesTo: (spec) => spec.mutating,
  check: ({ proposal: p, policy }) =>
    policy.namespaces.length === 0 || !p.namespace || anyMatch(policy.namespaces, p.namespace)
      ? pass('namespace allowed')
      : block(`namespace ${p.namespace} is not in the policy's namespaces`),
});

/** The action must be allowed for this namespace and severity. */
export const actionAllowlist = defineGate({
  name: 'action_allowlist',
  remedy: 'allow the action for this namespace and severity (allowedActions)',
  check: ({ proposal: p, policy }) => {
    const rule = firstInScope(policy.allowedActions, p.namespace, p.severity);
    if (!rule || rule.actions.includes(p.action.name)) return pass(`${p.action.name} is allowed here`);
    return block(
      `${p.action.name} is not allowed for ${p.namespace || 'cluster-scoped targets'} at severity ${p.severity} (allowed: ${rule.actions.join(', ') || 'none'})`,
    );
  },
});

/** The autonomy of the scope: auto, approval, dry-run or off; DRY_RUN and missing cluster access make it a dry run. */
export const autonomy = defineGate({
  name: 'mode',
  remedy: 'a person approves it where the mode is approval; change the mode for this scope (modes) otherwise',
  check: ({ proposal: p, policy, dryRun, facts }) => {
    const mode = firstInScope(policy.modes, p.namespace, p.severity)?.mode ?? policy.defaultMode;
    if (mode === 'off')
      return block(`the policy turns remediation off for ${p.namespace || 'cluster-scoped targets'} at severity ${p.severity}`);
    if (!p.action.mutating) return pass(`mode ${mode}; ${p.action.name} changes nothing, so it runs`);
    if (dryRun) return { ...pass('DRY_RUN is set: simulate only'), dryRun: true };
    if (!facts.clusterAvailable) return { ...pass('no cluster access: simulate only'), dryRun: true };
    if (mode === 'dry-run') return { ...pass(`the policy's mode here is dry-run: simulate only`), dryRun: true };
    if (mode === 'approval')
      return approval(`the policy's mode for ${p.namespace || 'cluster-scoped targets'} at severity ${p.severity} is approval`);
    return pass('mode auto');
  },
});

/** Riskier actions than the policy lets run on their own need a person. */
export const riskAutonomy = defineGate({
  name: 'risk',
  remedy: 'a person approves it, or raise maxAutoRisk',
  appliesTo: (spec) => spec.mutating,
  check: ({ proposal: p, policy }) =>
    RISK_ORDER.indexOf(p.action.risk) > RISK_ORDER.indexOf(policy.maxAutoRisk)
      ? approval(`${p.action.name} is ${p.action.risk} risk; above ${policy.maxAutoRisk} needs approval`)
      : pass(`${p.action.risk} risk`),
});

/** The model (or rule) must be sure enough for the action's risk. */
export const minimumConfidence = defineGate({
  name: 'confidence',
  remedy: 'a recommendation with a higher confidence (minConfidence per risk)',
  check: ({ proposal: p, policy }) => {
    const min = policy.minConfidence[p.action.risk];
    return p.confidence >= min
      ? pass(`confidence ${p.confidence} ≥ ${min} for ${p.action.risk} risk`)
      : block(`confidence ${p.confidence} is below ${min}, the minimum for a ${p.action.risk}-risk action`);
  },
});
