import { ActionApproved } from '../events/action-approved.ts';
import { deterministicId } from '../events/event-id.ts';
import { functionSource } from '../events/event-types.ts';
import { targetKey } from '../domain/target.ts';
import type { ActionRecord } from '../domain/records.ts';
import type { Store } from '../store/store.ts';

/** The wake-up for an approved action: it carries no decision (execute reads the one recorded in the store). */
export const approvalWakeUp = (action: ActionRecord, now: Date, source: 'cli' | 'mcp' = 'cli') =>
  ActionApproved.create(
    { actionId: action.id, approvedBy: action.decidedBy ?? 'unknown' },
    {
      id: deterministicId('approved', action.id),
      source: functionSource(source),
      time: now,
      ...(action.target ? { extensions: { partitionkey: targetKey(action.target) } } : {}),
    },
  );

/** How recording an approval went: the approved action, or why it was not approved. */
export type Approval = { approved: true; action: ActionRecord } | { approved: false; reason: string };

/**
 * Records a person's approval of a pending action (who, when): an action that waited past the approval TTL is
 * expired instead; approving an approved action again is allowed (it is woken again). Execute reads the approval
 * from the store, never from an event.
 */
export const approveAction = async (store: Store, id: string, by: string, options: { ttlMs: number; now: Date }): Promise<Approval> => {
  const found = await store.actions.get(id);
  if (!found) return { approved: false, reason: `no action ${id}` };
  if (found.status === 'approval_required' && options.now.getTime() - found.startedAt.getTime() > options.ttlMs) {
    await store.actions.decidePending(id, 'expired', by);
    return {
      approved: false,
      reason: `action ${id} waited longer than ${Math.round(options.ttlMs / 60_000)} min and has expired; the next alert will be analysed afresh`,
    };
  }
  if (found.status === 'approval_required' && !(await store.actions.decidePending(id, 'approved', by)))
    return { approved: false, reason: `action ${id} was decided meanwhile` };
  if (found.status !== 'approval_required' && found.status !== 'approved')
    return { approved: false, reason: `action ${id} is ${found.status}, not waiting for approval` };
  return { approved: true, action: (await store.actions.get(id)) as ActionRecord };
};
