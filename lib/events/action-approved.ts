import { z } from 'zod';
import { ActionRecommendedData } from './action-recommended.ts';
import { defineEvent } from './define-event.ts';
import { eventType } from './event-types.ts';
import { targetKey } from './target.ts';

/** A person approved a pending action: execute re-checks every gate but the approval, then performs it. */
export const ActionApprovedData = z.object({
  actionId: z.string(),
  recommendationEventId: z.string(),
  approvedBy: z.string().min(1),
  recommendation: ActionRecommendedData,
});
export type ActionApprovedData = z.infer<typeof ActionApprovedData>;

/** An approval of a pending action. */
export const ActionApproved = defineEvent({
  type: eventType('action.approved'),
  data: ActionApprovedData,
  partitionKey: (d) => (d.recommendation.target ? targetKey(d.recommendation.target) : undefined),
});
