import * as z from 'zod';
import { ActionName } from '../domain/action-name.ts';
import { ResolvedTarget } from '../domain/target.ts';
import { defineEvent } from './define-event.ts';
import { ExecutionStatus, GateVerdict } from '../domain/execution.ts';
import { eventType } from './event-types.ts';
import { targetKey } from '../domain/target.ts';

/** execute's answer: the action performed, simulated or refused, with every gate's verdict. */
export const ActionExecutedData = z.object({
  actionId: z.string(),
  recommendationId: z.string(),
  incidentId: z.string(),
  alertname: z.string(),
  fingerprint: z.string(),
  target: ResolvedTarget.nullable(),
  action: ActionName,
  parameters: z.record(z.string(), z.unknown()),
  status: ExecutionStatus,
  verdicts: z.array(GateVerdict),
  preSpecHash: z.string().nullable(),
  postSpecHash: z.string().nullable(),
  error: z.string().nullable(),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
});
export type ActionExecutedData = z.infer<typeof ActionExecutedData>;

/** An action was performed, simulated or refused. */
export const ActionExecuted = defineEvent({
  type: eventType('action.executed'),
  data: ActionExecutedData,
  partitionKey: (d) => (d.target ? targetKey(d.target) : undefined),
});
