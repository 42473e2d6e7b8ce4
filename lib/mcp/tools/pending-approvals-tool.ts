import * as z from 'zod';
import { durationWords } from '../../domain/duration-words.ts';
import { targetKey } from '../../domain/target.ts';
import { plannedChange } from '../../approvals/planned-change.ts';
import type { ActionRecord } from '../../domain/records.ts';
import { defineTool } from '../define-tool.ts';

const Waiting = z.object({
  id: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  alertname: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  waiting_since: z.string(),
  expires_at: z.string().describe('after this, approving it expires it instead'),
  change: z.string().describe('the exact change as planned when it was decided, or "unknown: <why>"'),
  why: z.array(z.object({ gate: z.string(), reason: z.string() })),
});

const Approved = z.object({
  id: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  approved_by: z.string().nullable(),
  approved_at: z.string().nullable(),
});

const PendingApprovals = z.object({ waiting: z.array(Waiting), approved_not_done: z.array(Approved) });

const keyOf = (a: ActionRecord) => (a.target ? targetKey(a.target) : null);

/** list_pending_approvals: what waits for a person (the exact change and why), and approved actions not carried out yet. */
export const pendingApprovalsTool = defineTool({
  name: 'list_pending_approvals',
  title: 'Actions waiting for a person',
  description:
    'The actions alerts-slm will not take without a person: for each, the exact change, why it waits (the gates that asked), since when and until when; ' +
    'then the approved ones execute has not carried out yet. Approving is a separate tool, only where it was enabled.',
  input: z.object({}),
  output: PendingApprovals,
  async run({ store, policy, now }) {
    const [waiting, approved] = await Promise.all([store.actions.pendingApprovals(), store.actions.approved()]);
    const at = now().getTime();
    const data = {
      waiting: waiting.map((a) => ({
        id: a.id,
        action: a.action,
        target: keyOf(a),
        alertname: a.alertname,
        parameters: a.parameters,
        waiting_since: a.startedAt.toISOString(),
        expires_at: new Date(a.startedAt.getTime() + policy.approvalTtlMs).toISOString(),
        change: plannedChange(a),
        why: a.verdicts.filter((v) => v.verdict !== 'pass').map((v) => ({ gate: v.gate, reason: v.reason })),
      })),
      approved_not_done: approved.map((a) => ({
        id: a.id,
        action: a.action,
        target: keyOf(a),
        approved_by: a.decidedBy,
        approved_at: a.decidedAt?.toISOString() ?? null,
      })),
    };
    const text = [
      data.waiting.length ? `${data.waiting.length} action(s) wait for a person:` : 'nothing waits for a person',
      ...data.waiting.flatMap((w) => [
        `  ${w.id}  ${w.action} on ${w.target ?? '(cluster)'} for ${w.alertname}, waiting ${durationWords(at - Date.parse(w.waiting_since))}`,
        `    change: ${w.change}`,
        ...w.why.map((v) => `    why (${v.gate}): ${v.reason}`),
      ]),
      ...(data.approved_not_done.length ? [`${data.approved_not_done.length} approved, not carried out yet:`] : []),
      ...data.approved_not_done.map(
        (a) => `  ${a.id}  ${a.action} on ${a.target ?? '(cluster)'}, approved by ${a.approved_by ?? 'unknown'}`,
      ),
    ].join('\n');
    return { text, data };
  },
});
