import * as z from 'zod';
import { ActionName } from '../catalog/action-name.ts';
import { AlertData } from './alert-events.ts';
import { defineEvent } from './define-event.ts';
import { eventType } from './event-types.ts';
import { Target, targetKey } from './target.ts';

/** The target an action would change: from the alert's labels and the owner chain, never from the model. */
export const ResolvedTarget = Target.extend({
  verified: z.boolean(),
  via: z.enum(['labels', 'owner-chain', 'inferred']),
});
export type ResolvedTarget = z.infer<typeof ResolvedTarget>;

/** Where analyze's facts about the cluster came from, and why not from the first source asked when they did not. */
export const FactsProvenance = z.object({
  source: z.enum(['kubernetes-mcp', 'kubernetes-api', 'labels']),
  fallback: z.string().max(500).nullable().describe('why reads went to this source instead of the Kubernetes MCP server, when they did'),
});
export type FactsProvenance = z.infer<typeof FactsProvenance>;

/** Where a recommendation came from, so every decision can be traced to a model, a prompt or a rule. */
export const Provenance = z.object({
  source: z.enum(['slm', 'rules', 'cache']),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  modelDigest: z.string().nullable(),
  promptVersion: z.string(),
  latencyMs: z.number().nonnegative(),
  tokens: z.object({ prompt: z.number().int().nonnegative().nullable(), completion: z.number().int().nonnegative().nullable() }),
  degraded: z.string().nullable().describe('why the model was not used or not trusted, when it was not'),
  // Absent where no analysis read the cluster (a compensation assess recommends).
  facts: FactsProvenance.optional(),
});
export type Provenance = z.infer<typeof Provenance>;

/** The incident an alert was folded into. */
export const IncidentRef = z.object({
  id: z.string(),
  dedupKey: z.string(),
  occurrences: z.number().int().positive(),
});

/** analyze's answer: one action from the closed catalog for one incident, with its reasons. */
export const ActionRecommendedData = z.object({
  alert: AlertData,
  incident: IncidentRef,
  target: ResolvedTarget.nullable(),
  action: ActionName,
  parameters: z.record(z.string(), z.unknown()),
  confidence: z.number().min(0).max(1),
  reasoning: z.string().max(4000),
  evidence: z.array(z.string().max(500)).max(20),
  provenance: Provenance,
  // The learning loop's prediction for a changing action; absent for one that changes nothing (never assessed).
  prediction: z
    .object({ successProbability: z.number().min(0).max(1), samples: z.number().int().nonnegative() })
    .nullable()
    .optional()
    .describe('how likely the action is to be assessed effective, from the outcomes of the same action for the same alert'),
});
export type ActionRecommendedData = z.infer<typeof ActionRecommendedData>;

/** A recommended action, on its way to execute's gates. */
export const ActionRecommended = defineEvent({
  type: eventType('action.recommended'),
  data: ActionRecommendedData,
  partitionKey: (d) => (d.target ? targetKey(d.target) : undefined),
});
