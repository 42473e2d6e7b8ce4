import type { ScoreComponent } from '../events/action-assessed.ts';
import type { AssessmentOutcome } from '../domain/execution.ts';

/** What a containment action (a cordon, a drain) is judged by: its node now, and the pods that started on it since. */
export interface Containment {
  node: string;
  /** The node still refuses new pods (spec.unschedulable). */
  unschedulable: boolean;
  /** Pods that started on the node after the action, other than DaemonSet and mirror pods (those ignore a cordon). */
  newPods: string[];
}

/** A containment action's verdict, its measurements, and the sentence it rests on. */
export interface ContainmentVerdict {
  outcome: AssessmentOutcome;
  score: number | null;
  components: ScoreComponent[];
  containmentVerdict: string;
}

/**
 * A cordon is for keeping new work off a node, not for making it Ready: effective when the node still refuses new pods
 * and none landed on it since. A person (or a controller) making it schedulable again is theirs to answer for:
 * inconclusive, as is a node that could not be read. Its alert clearing or not is reported, not counted.
 */
export const judgeContainment = (action: string, c: Containment | null): ContainmentVerdict => {
  if (!c) {
    const why = `the node could not be read, so whether ${action} kept new pods off it is unknown`;
    return { outcome: 'inconclusive', score: null, components: [], containmentVerdict: why };
  }
  const landed = c.newPods.length;
  const components: ScoreComponent[] = [
    {
      name: 'node_unschedulable',
      value: c.unschedulable ? 1 : 0,
      weight: 0.5,
      detail: c.unschedulable ? `node ${c.node} still refuses new pods` : `node ${c.node} is schedulable again`,
    },
    {
      name: 'no_new_pods',
      value: landed === 0 ? 1 : 0,
      weight: 0.5,
      detail:
        landed === 0 ? 'no new pods started on it since' : `${landed} pod(s) started on it since: ${c.newPods.slice(0, 3).join(', ')}`,
    },
  ];
  if (!c.unschedulable) {
    const why = `someone made node ${c.node} schedulable again after ${action}, so its outcome is not ours to credit or blame`;
    return { outcome: 'inconclusive', score: null, components, containmentVerdict: why };
  }
  if (landed > 0)
    return { outcome: 'ineffective', score: 0.5, components, containmentVerdict: `${action} did not keep new pods off node ${c.node}` };
  const why = `${action} kept new pods off node ${c.node}, which is what it is for`;
  return { outcome: 'effective', score: 1, components, containmentVerdict: why };
};
