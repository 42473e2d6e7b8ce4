import { TICK_EXTENSION } from '../events/assess-tick.ts';

/** The PingSource's name (its events' source is /apis/v1/namespaces/<ns>/pingsources/<name>). */
export const TICK_PING_SOURCE = 'alerts-slm-assess-tick';

/**
 * The assessment tick: every minute, through the Broker to assess (Trigger assess-tick), marked by our extension
 * because PingSource's type is fixed. Created by assess while assessments are pending (lib/kube/tick-schedule.ts).
 */
export const tickPingSource = (namespace: string, broker: string) => ({
  apiVersion: 'sources.knative.dev/v1',
  kind: 'PingSource',
  metadata: {
    name: TICK_PING_SOURCE,
    namespace,
    labels: { 'app.kubernetes.io/name': 'alerts-slm', 'app.kubernetes.io/component': 'assess-tick' },
  },
  spec: {
    schedule: '* * * * *',
    contentType: 'application/json',
    data: '{}',
    ceOverrides: { extensions: { [TICK_EXTENSION.name]: TICK_EXTENSION.value } },
    sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: broker } },
  },
});
