import * as z from 'zod';
import { defineEvent } from './define-event.ts';
import { eventType } from './event-types.ts';

/**
 * A person approved a pending action. The approval itself is recorded in the store first (`alerts-slm approve`);
 * this event only wakes execute, which reads the action and its recommendation from the store, never from here.
 */
export const ActionApprovedData = z.object({
  actionId: z.string().min(1).max(64),
  /** Who approved it, as recorded (for logs; execute reads the recorded name). */
  approvedBy: z.string().min(1).max(200),
});
export type ActionApprovedData = z.infer<typeof ActionApprovedData>;

/** The wake-up for an approved action (its partitionkey, set by the sender, is the action's target). */
export const ActionApproved = defineEvent({
  type: eventType('action.approved'),
  data: ActionApprovedData,
});
