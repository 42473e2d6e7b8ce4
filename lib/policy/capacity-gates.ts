import { approval, block, defineGate, pass } from './gate.ts';

/** One in-flight action per target (the store's lease). */
export const inFlight = defineGate({
  name: 'in_flight',
  remedy: 'wait for the action in flight on this target to finish (its lock is released, or its lease expires)',
  appliesTo: (spec) => spec.mutating,
  check: ({ facts }) =>
    facts.lockHeldByOther ? block('another action is in flight on this target') : pass('no other action in flight on this target'),
});

/** At most N actions in flight across the cluster. */
export const globalConcurrency = defineGate({
  name: 'concurrency',
  remedy: 'wait for actions in flight elsewhere to finish, or raise maxConcurrentActions',
  appliesTo: (spec) => spec.mutating,
  check: ({ facts, policy }) =>
    facts.otherActionsInFlight >= policy.maxConcurrentActions
      ? block(`${facts.otherActionsInFlight} other actions are in flight; the limit is ${policy.maxConcurrentActions}`)
      : pass(`${facts.otherActionsInFlight} other actions in flight`),
});

/** A budget of disruptive actions per namespace and per cluster per window. */
export const blastRadius = defineGate({
  name: 'blast_radius',
  remedy: 'wait for the blast-radius window to pass, or raise blastRadius.perNamespace / perCluster',
  appliesTo: (spec) => spec.disruptive,
  check: ({ facts, policy, proposal: p }) => {
    const { perNamespace, perCluster, windowMs } = policy.blastRadius;
    const window = `${Math.round(windowMs / 60_000)} min`;
    if (p.namespace && facts.disruptiveInNamespace >= perNamespace)
      return block(
        `${facts.disruptiveInNamespace} disruptive actions in ${p.namespace} in the last ${window}; the budget is ${perNamespace}`,
      );
    if (facts.disruptiveInCluster >= perCluster)
      return block(`${facts.disruptiveInCluster} disruptive actions in the cluster in the last ${window}; the budget is ${perCluster}`);
    return pass(`${facts.disruptiveInNamespace} in the namespace and ${facts.disruptiveInCluster} in the cluster in the last ${window}`);
  },
});

/** An automatic stop: when actions spike, everything waits for a person. */
export const rateSpike = defineGate({
  name: 'rate_spike',
  remedy: 'a person approves it; the automatic stop lifts when fewer actions fall in rateSpike.windowMs',
  appliesTo: (spec) => spec.mutating,
  check: ({ facts, policy }) => {
    const { windowMs, maxActions } = policy.rateSpike;
    return facts.actionsInSpikeWindow >= maxActions
      ? approval(
          `${facts.actionsInSpikeWindow} actions in the last ${Math.round(windowMs / 60_000)} min (limit ${maxActions}): automatic stop, everything needs approval`,
        )
      : pass(`${facts.actionsInSpikeWindow} actions in the last ${Math.round(windowMs / 60_000)} min`);
  },
});
