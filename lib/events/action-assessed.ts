import * as z from 'zod';
import { ActionName } from '../domain/action-name.ts';
import { ResolvedTarget } from '../domain/target.ts';
import { AssessmentOutcome } from '../domain/execution.ts';
import { defineEvent } from './define-event.ts';
import { eventType } from './event-types.ts';
import { targetKey } from '../domain/target.ts';

/** One factor of a score: its value in [0, 1], its weight, and what was observed. */
export const ScoreComponent = z.object({
  name: z.string(),
  value: z.number().min(0).max(1),
  weight: z.number().nonnegative(),
  detail: z.string(),
});
export type ScoreComponent = z.infer<typeof ScoreComponent>;

/** assess's verdict on one action, next to how often the alert cleared without any action. */
export const ActionAssessedData = z.object({
  actionId: z.string(),
  action: ActionName,
  alertname: z.string(),
  target: ResolvedTarget.nullable(),
  outcome: AssessmentOutcome,
  score: z.number().min(0).max(1).nullable(),
  components: z.array(ScoreComponent),
  baseline: z.object({ rate: z.number().min(0).max(1).nullable(), samples: z.number().int().nonnegative() }),
  explanation: z.string(),
  // From migration 0008 on; absent in events assessed before.
  confidence: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('how sure the verdict is: the share of what could be measured that was, and the sample size'),
  hints: z.array(z.string()).max(10).optional().describe('what to do differently next time'),
  explainedBy: z.enum(['template', 'model']).optional(),
});
export type ActionAssessedData = z.infer<typeof ActionAssessedData>;

/** An action was judged by its outcome. */
export const ActionAssessed = defineEvent({
  type: eventType('action.assessed'),
  data: ActionAssessedData,
  partitionKey: (d) => (d.target ? targetKey(d.target) : undefined),
});
