import type { AlertResolved } from '../../lib/events/alert-events.ts';
import type { InvocationContext } from '../../lib/runtime/function-spec.ts';
import type { AssessDeps } from './deps.ts';

/** A resolved alert resolves its incident once no alert of it fires any more, with its time to resolution. */
export const recordResolution = async (deps: AssessDeps, event: ReturnType<typeof AlertResolved.parse>, { log }: InvocationContext) => {
  const alert = event.data;
  await deps.store.recordOnce('assess', event, async (tx) => {
    await tx.alerts.upsert(alert);
    // When it ended, says Alertmanager; never later than now (a skewed clock must not resolve in the future).
    const at = new Date(Math.min(Date.parse(alert.endsAt ?? ''), deps.now().getTime()) || deps.now().getTime());
    for (const incident of await tx.incidents.resolveAlert(alert.fingerprint, at)) {
      deps.metrics.resolved.inc();
      const minutes = ((incident.resolvedAt?.getTime() ?? 0) - incident.openedAt.getTime()) / 60_000;
      log.info('incident resolved', {
        incidentId: incident.id,
        alertname: incident.alertname,
        timeToResolutionMinutes: Math.round(minutes * 10) / 10,
      });
    }
    return undefined;
  });
  return undefined;
};
