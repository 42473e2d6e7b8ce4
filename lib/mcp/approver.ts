import { approvalWakeUp, approveAction } from '../approvals/approve-action.ts';
import type { Broker } from '../broker/broker.ts';
import type { Policy } from '../policy/policy-schema.ts';
import type { Store } from '../store/store.ts';
import type { HistoryToolDeps } from './define-tool.ts';

/** approve_action's effect: the approval recorded in `store`, then execute woken through the broker (when there is one). */
export const approverFor =
  (store: Store, policy: Policy, broker: Broker | null, now: () => Date): NonNullable<HistoryToolDeps['approve']> =>
  async (id, by) => {
    const result = await approveAction(store, id, by, { ttlMs: policy.approvalTtlMs, now: now() });
    if (!result.approved) return { ...result, woken: 'nothing to wake' };
    if (!broker)
      return { ...result, woken: 'execute was not woken: no BROKER_URL here; the approval stays recorded (alerts-slm approve wakes it)' };
    try {
      await broker.publish([approvalWakeUp(result.action, now(), 'mcp')]);
      return { ...result, woken: 'execute was woken: it checks every other gate again, then performs it' };
    } catch (error) {
      return {
        ...result,
        woken: `execute could not be woken (${(error as Error).message}); the approval stays recorded: approve again to wake it`,
      };
    }
  };
