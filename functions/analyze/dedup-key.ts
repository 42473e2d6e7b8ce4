import type { AlertData } from '../../lib/events/alert-events.ts';
import { targetKey } from '../../lib/domain/target.ts';

/**
 * One problem, one incident: alert name plus the target workload (from labels, without any API call, so a storm
 * costs nothing), else the object the alert names, else its namespace.
 */
export const dedupKey = (alert: AlertData): string => {
  const subject = alert.workload ? targetKey(alert.workload) : alert.target ? targetKey(alert.target) : (alert.namespace ?? 'cluster');
  return `${alert.alertname}|${subject}`;
};
