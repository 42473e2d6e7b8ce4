import { z } from 'zod';

/** One gate's verdict on one action, with the reason an SRE reads at 3 a.m. */
export const GateVerdict = z.object({
  gate: z.string(),
  verdict: z.enum(['pass', 'block', 'approval']),
  reason: z.string(),
});
export type GateVerdict = z.infer<typeof GateVerdict>;

/** What became of a recommendation. */
export const ExecutionStatus = z.enum(['succeeded', 'failed', 'dry_run', 'rejected', 'approval_required', 'skipped']);
export type ExecutionStatus = z.infer<typeof ExecutionStatus>;
