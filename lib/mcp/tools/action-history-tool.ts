import * as z from 'zod';
import { GateVerdict } from '../../domain/execution.ts';
import type { DecisionRecord } from '../../domain/records.ts';
import { STATUS_WORDS } from '../../domain/status-words.ts';
import { defineTool } from '../define-tool.ts';
import { SinceArgument, sinceDate, TargetArgument, targetOf } from '../tool-arguments.ts';

const HistoryEntry = z.object({
  id: z.string(),
  started_at: z.string(),
  alertname: z.string(),
  action: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  status: z.string().describe('performed, blocked, awaiting approval, approved, declined, expired, failed, skipped, dry run, running'),
  decision: z.string().describe("the gates' decision: perform, approval, reject, dry_run"),
  decided_by: z
    .string()
    .nullable()
    .describe('the person who approved or declined it; "gate" for a block; "policy" for what ran on its own'),
  gates: z.array(GateVerdict),
  error: z.string().nullable(),
  recommendation: z.object({ source: z.string(), confidence: z.number(), model: z.string().nullable(), reasoning: z.string() }).nullable(),
  assessment: z.object({ outcome: z.string().nullable(), score: z.number().nullable(), reasoning: z.string().nullable() }).nullable(),
});

const ActionHistory = z.object({
  target: z.object({ key: z.string(), kind: z.string(), namespace: z.string().nullable(), name: z.string() }),
  since: z.string().nullable(),
  total_actions: z.number().int(),
  by_status: z.record(z.string(), z.number().int()),
  first_action_at: z.string().nullable(),
  last_action_at: z.string().nullable(),
  actions: z.array(HistoryEntry),
});

// Who decided, in the history's words: a person, a gate, or the policy that let it run on its own.
const decider = (d: DecisionRecord): string | null =>
  d.decidedBy ??
  (d.status === 'rejected' ? 'gate' : ['succeeded', 'failed', 'dry_run', 'skipped', 'running'].includes(d.status) ? 'policy' : null);

const entry = (d: DecisionRecord): z.infer<typeof HistoryEntry> => ({
  id: d.id,
  started_at: d.startedAt.toISOString(),
  alertname: d.alertname,
  action: d.action,
  parameters: d.parameters,
  status: STATUS_WORDS[d.status].word,
  decision: d.decision,
  decided_by: decider(d),
  gates: d.verdicts,
  error: d.error,
  recommendation: d.recommendation,
  assessment: d.assessment
    ? { outcome: d.assessment.outcome, score: d.assessment.score, reasoning: d.assessmentDetail?.reasoning ?? null }
    : null,
});

const line = (e: z.infer<typeof HistoryEntry>): string[] => [
  `${e.started_at.slice(0, 19).replace('T', ' ')}  ${e.id.slice(0, 8)}  ${e.alertname}: ${e.action} ${e.status}${e.decided_by ? ` (decided by ${e.decided_by})` : ''}` +
    (e.assessment?.outcome
      ? `, assessed ${e.assessment.outcome}${e.assessment.score === null ? '' : ` ${e.assessment.score.toFixed(2)}`}`
      : ''),
  ...e.gates
    .filter((g) => g.verdict !== 'pass')
    .map((g) => `    ${g.verdict === 'block' ? 'blocked' : 'needs a person'} (${g.gate}): ${g.reason}`),
  ...(e.error ? [`    error: ${e.error}`] : []),
];

/** get_action_history: what was decided and done on one object, with every gate, who decided, the outcome and its assessment. */
export const actionHistoryTool = defineTool({
  name: 'get_action_history',
  title: 'Action history of a Kubernetes object',
  description:
    'What alerts-slm decided and did on one object (a Deployment, StatefulSet, Pod, Node, HPA or claim): each action with the verdict of ' +
    'every safety gate, who decided (a person, a gate, or the policy), how it ended and how it was assessed afterwards. Newest first.',
  input: z.object({
    target: TargetArgument,
    limit: z
      .number()
      .int()
      .min(1, { error: 'limit must be at least 1' })
      .max(200, { error: 'limit must be at most 200' })
      .default(20)
      .describe('at most this many actions (1-200)'),
    since: SinceArgument.optional(),
  }),
  output: ActionHistory,
  async run({ store, now }, args) {
    const target = targetOf(args.target);
    const since = args.since ? sinceDate(args.since, now()) : null;
    const [decisions, counts] = await Promise.all([
      store.decisions.recent({ targetKey: target.key, limit: args.limit, ...(since ? { since } : {}) }),
      store.decisions.actionCounts(target.key, since),
    ]);
    const actions = decisions.map(entry);
    const by_status = counts.byStatus;
    const total_actions = Object.values(by_status).reduce((a, b) => a + b, 0);
    const data = {
      target: { key: target.key, kind: target.kind, namespace: target.namespace, name: target.name },
      since: since?.toISOString() ?? null,
      total_actions,
      by_status,
      first_action_at: counts.first?.toISOString() ?? null,
      last_action_at: counts.last?.toISOString() ?? null,
      actions,
    };
    const tally = Object.entries(by_status)
      .map(([s, n]) => `${n} ${(STATUS_WORDS as Record<string, { word: string }>)[s]?.word ?? s}`)
      .join(', ');
    const head = total_actions
      ? `${target.key}: ${total_actions} action(s)${since ? ` since ${data.since}` : ''} (${tally}); newest first:`
      : `${target.key}: no actions recorded${since ? ` since ${data.since}` : ''}`;
    return {
      text: [
        head,
        ...actions.flatMap(line),
        ...(total_actions > actions.length ? [`(${total_actions - actions.length} older not listed; raise limit)`] : []),
      ].join('\n'),
      data,
    };
  },
});
