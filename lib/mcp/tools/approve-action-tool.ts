import * as z from 'zod';
import { InvalidError } from '../../errors/errors.ts';
import { defineTool } from '../define-tool.ts';

const ApprovalResult = z.object({
  approved: z.boolean(),
  action_id: z.string(),
  reason: z.string().nullable().describe('why it was not approved'),
  recorded_by: z.string().nullable(),
  woken: z.string().describe('whether execute was woken to carry it out, and how'),
});

/** approve_action: records a person's approval, then wakes execute (which checks every other gate again). Off by default. */
export const approveActionTool = defineTool({
  name: 'approve_action',
  title: 'Approve a pending action',
  description:
    'Approves an action that waits for a person (see list_pending_approvals), recorded with who approved it; execute then checks every other ' +
    'gate again and performs it. Only available where approving through MCP was explicitly enabled.',
  writes: true,
  input: z.object({
    action_id: z.uuid({ error: 'action_id must be the id list_pending_approvals gives' }),
    approved_by: z.string().min(1).max(100).describe('the person approving, as the history will show it'),
  }),
  output: ApprovalResult,
  async run({ approve }, args) {
    if (!approve) throw new InvalidError('approving through MCP is not enabled here');
    const result = await approve(args.action_id, args.approved_by);
    const data = {
      approved: result.approved,
      action_id: args.action_id,
      reason: result.approved ? null : result.reason,
      recorded_by: result.approved ? result.action.decidedBy : null,
      woken: result.woken,
    };
    const text = result.approved
      ? `approved ${args.action_id} (recorded as approved by ${data.recorded_by}); ${result.woken}`
      : `not approved: ${result.reason}`;
    return { text, data };
  },
});
