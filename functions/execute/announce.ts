import type { ActionSpec } from '../../lib/catalog/action-spec.ts';
import type { ActionRecommendedData } from '../../lib/events/action-recommended.ts';
import type { GateVerdict } from '../../lib/domain/execution.ts';
import { targetKey } from '../../lib/domain/target.ts';
import type { Notification } from '../../lib/notify/notifier.ts';
import type { ActionRecord, PlannedChange } from '../../lib/domain/records.ts';
import type { Outcome } from './carry-out.ts';

const why = (rec: ActionRecommendedData) =>
  `${rec.reasoning.slice(0, 300)} (confidence ${rec.confidence}, ${rec.provenance.source}${rec.provenance.model ? ` ${rec.provenance.model}` : ''})`;

// The API server's limit on an Event's message (kube-actions cuts there): a dry run's requests give way, the reason stays.
const MESSAGE_LIMIT = 1024;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, Math.max(0, max - 2))}….` : text);

// A dry run: what would have been done (the exact requests) and why, so `kubectl describe` shows what DRY_RUN holds back.
const dryRunEvent = (spec: ActionSpec, rec: ActionRecommendedData, action: ActionRecord, outcome: Outcome) => {
  const mode = action.verdicts.find((v) => v.gate === 'mode')?.reason ?? 'simulate only';
  const summary = String(outcome.record.summary ?? '');
  const head = `alerts-slm dry run (${mode}): would have done ${spec.name} for alert ${rec.alert.alertname} (action ${action.id}): ${summary}.`;
  const requests = (outcome.record.wouldSend as string[] | undefined) ?? [];
  const because = ` Why: ${why(rec)}`;
  const sends = clip(
    requests.length ? ` Would send: ${requests.join('; ')}.` : ' Nothing would be sent.',
    MESSAGE_LIMIT - head.length - because.length,
  );
  return { reason: 'AlertsSlmDryRun', type: 'Normal' as const, message: `${head}${sends}${because}` };
};

/** The Kubernetes Event on a target changed (or, in a dry run, not changed): what this system did and why, for `kubectl describe`. */
export const kubeEventFor = (spec: ActionSpec, rec: ActionRecommendedData, action: ActionRecord, outcome: Outcome) =>
  outcome.status === 'dry_run'
    ? dryRunEvent(spec, rec, action, outcome)
    : {
        reason: outcome.status === 'succeeded' ? 'AlertsSlmRemediated' : 'AlertsSlmRemediationFailed',
        type: outcome.status === 'succeeded' ? ('Normal' as const) : ('Warning' as const),
        message: `alerts-slm ${spec.name} for alert ${rec.alert.alertname} (action ${action.id}): ${String(outcome.record.summary ?? '')}${outcome.error ? `; failed: ${outcome.error}` : ''}. Why: ${why(rec)}`,
      };

/** What people are told about a decision, or null when there is nothing to tell. */
export const notificationFor = (
  spec: ActionSpec,
  rec: ActionRecommendedData,
  action: ActionRecord,
  verdicts: GateVerdict[],
  outcome: Outcome | null,
): Notification | null => {
  const target = rec.target ? targetKey(rec.target) : null;
  const base = {
    actionId: action.id,
    alertname: rec.alert.alertname,
    target,
    details: { incidentId: rec.incident.id, severity: rec.alert.severity, parameters: action.parameters, verdicts },
  };
  const on = target ? ` on ${target}` : '';
  if (action.status === 'approval_required') {
    const reasons = verdicts.filter((v) => v.verdict === 'approval').map((v) => `${v.gate}: ${v.reason}`);
    const planned = (action.postState as PlannedChange | null)?.planned;
    const text = `${why(rec)}${planned ? `\nChange: ${planned.summary}` : ''}\nNeeds approval because ${reasons.join('; ')}.`;
    return { ...base, kind: 'approval_required', title: `Approval needed: ${spec.name}${on} for ${rec.alert.alertname}`, text };
  }
  if (spec.name === 'notify_only' && outcome)
    return {
      ...base,
      kind: 'notify',
      title: `${rec.alert.alertname} (${rec.alert.severity})${on}`,
      text: `${rec.alert.annotations.summary ?? ''}\n${why(rec)}`.trim(),
    };
  if (outcome?.status === 'succeeded' && spec.mutating)
    return { ...base, kind: 'performed', title: `Done: ${spec.name}${on}`, text: `${String(outcome.record.summary ?? '')}. ${why(rec)}` };
  if (outcome?.status === 'failed')
    return { ...base, kind: 'failed', title: `Failed: ${spec.name}${on}`, text: `${outcome.error ?? ''}. ${why(rec)}` };
  return null;
};
