import { addedRequests } from './added-requests.ts';
import { approval, block, defineGate, pass } from './gate.ts';
import { capacityFindings } from './headroom.ts';

/**
 * A change that adds requests (new pods, a larger request, a bigger claim, read from the catalog's `proposes`) must
 * fit: over a ResourceQuota or a LimitRange maximum, or bigger than every node, it is refused; when no schedulable
 * node has the room, or the cluster's headroom after it falls under `capacity.minHeadroom`, or any of it could not
 * be read, a person decides. The reasons carry the numbers.
 */
export const headroom = defineGate({
  name: 'headroom',
  remedy:
    'make room (raise the ResourceQuota or LimitRange, add nodes, free requests) or ask for a smaller change; ' +
    'a person approves when the room is only tight or unknown',
  appliesTo: (spec) => spec.mutating && spec.proposes !== undefined,
  check: ({ facts, policy }) => {
    if (!facts.clusterAvailable) return pass('no cluster access: capacity not checked (a dry run)');
    const added = addedRequests(facts.proposed ?? [], facts.workload);
    if (!added.known) return approval(`what the change adds is unknown (${added.why}); a person checks the room`);
    if (Object.keys(added.value.total).length === 0) return pass('the change adds no requests, pods or storage');
    if (!facts.capacity) return approval('capacity was not read; a person checks the room');
    const findings = capacityFindings(facts.capacity, added.value, policy.capacity.minHeadroom);
    const of = (verdict: string) =>
      findings
        .filter((f) => f.verdict === verdict)
        .map((f) => f.reason)
        .join('; ');
    if (of('block')) return block(of('block'));
    if (of('approval')) return approval(`${of('approval')}; a person decides`);
    return pass(of('pass') || 'no quota, limit or node room concerns what the change adds');
  },
});
