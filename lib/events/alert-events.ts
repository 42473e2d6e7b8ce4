import * as z from 'zod';
import { defineEvent } from './define-event.ts';
import { deterministicId } from './event-id.ts';
import { eventType } from './event-types.ts';
import { Target, WorkloadRef, targetKey } from '../domain/target.ts';

const Timestamp = z.iso.datetime({ offset: true });

/** One Alertmanager alert, normalised: what every later stage knows about the alert. */
export const AlertData = z.object({
  alertname: z.string().min(1),
  status: z.enum(['firing', 'resolved']),
  severity: z.string().min(1),
  fingerprint: z.string().min(1),
  startsAt: Timestamp,
  endsAt: Timestamp.nullable(),
  generatorURL: z.string().nullable(),
  namespace: z.string().nullable(),
  target: Target.nullable(),
  workload: WorkloadRef.nullable(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  receiver: z.string(),
  groupKey: z.string(),
  externalURL: z.string(),
});
export type AlertData = z.infer<typeof AlertData>;

/** The key an ordered broker keeps in order: the workload, else the target, else namespace and alert name. */
export const alertPartitionKey = (alert: AlertData): string =>
  alert.workload
    ? targetKey(alert.workload)
    : alert.target
      ? targetKey(alert.target)
      : `${alert.namespace ?? 'cluster'}/${alert.alertname}`;

/** An alert started (or is still) firing. */
export const AlertFiring = defineEvent({
  type: eventType('alert.firing'),
  data: AlertData.extend({ status: z.literal('firing') }),
  partitionKey: alertPartitionKey,
});

/** An alert resolved. */
export const AlertResolved = defineEvent({
  type: eventType('alert.resolved'),
  data: AlertData.extend({ status: z.literal('resolved') }),
  partitionKey: alertPartitionKey,
});

/** The id of an alert's event: the same alert in the same state always gets the same id (Alertmanager re-sends). */
export const alertEventId = (alert: AlertData): string => deterministicId(alert.fingerprint, alert.status, alert.startsAt);

/** The alert.firing or alert.resolved event for a normalised alert (its schema checks the status it carries). */
export const createAlertEvent = (alert: AlertData, meta: { source: string; time: Date }) => {
  const attributes = { source: meta.source, time: meta.time, id: alertEventId(alert), subject: alert.alertname };
  return alert.status === 'firing'
    ? AlertFiring.create(alert as AlertData & { status: 'firing' }, attributes)
    : AlertResolved.create(alert as AlertData & { status: 'resolved' }, attributes);
};

/** An alert.firing or alert.resolved event, as createAlertEvent builds it. */
export type AlertEvent = ReturnType<typeof createAlertEvent>;
