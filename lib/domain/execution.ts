import * as z from 'zod';

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

/** Decision of execute's gates. */
export const Decision = z.enum(['perform', 'dry_run', 'reject', 'approval']);
export type Decision = z.infer<typeof Decision>;

/**
 * An action's stored status: the reply's statuses, plus approved and declined (a person's yes and no; execute
 * carries out an approved one), running (being performed) and expired (the approval lapsed).
 */
export const ActionStatus = z.enum([...ExecutionStatus.options, 'approved', 'declined', 'running', 'expired']);
export type ActionStatus = z.infer<typeof ActionStatus>;

/** An assessment's verdict. */
export const AssessmentOutcome = z.enum(['effective', 'ineffective', 'harmful', 'inconclusive']);
export type AssessmentOutcome = z.infer<typeof AssessmentOutcome>;
