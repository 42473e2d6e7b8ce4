import { readFileSync } from 'node:fs';
import type { KubeSettings } from './kube-clients.ts';
import { createKubeClients } from './kube-clients.ts';
import { kubeCall } from './kube-call.ts';
import { TICK_PING_SOURCE, tickPingSource } from './tick-ping-source.ts';

/**
 * The assessment tick exists only while an assessment is pending: an idle cluster costs no invocation. `ensure`
 * starts it (idempotent), `stop` ends it; both throw when they cannot (the caller's delivery is retried).
 */
export interface TickSchedule {
  ensure(): Promise<void>;
  stop(): Promise<void>;
}

const SA_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** The namespace the tick lives in: the one given, the pod's own, or the manifests' namespace. */
export const tickNamespace = (given: string | null): string => {
  if (given) return given;
  try {
    return readFileSync(SA_NAMESPACE, 'utf8').trim() || 'alerts-slm';
  } catch {
    return 'alerts-slm';
  }
};

/** On a cluster: the PingSource `alerts-slm-assess-tick`, created when needed and deleted when idle. */
export const pingSourceSchedule = (settings: KubeSettings, namespace: string, broker: string): TickSchedule => {
  let clients: ReturnType<typeof createKubeClients> | undefined;
  const api = async () => {
    clients ??= createKubeClients(settings);
    const c = await clients;
    if (!c) throw new Error('no cluster access: the assessment tick cannot be scheduled');
    return c.make(c.k8s.CustomObjectsApi);
  };
  const where = { group: 'sources.knative.dev', version: 'v1', namespace, plural: 'pingsources' };
  return {
    async ensure() {
      const objects = await api();
      try {
        await kubeCall(`create PingSource ${namespace}/${TICK_PING_SOURCE}`, settings.timeoutMs, () =>
          objects.createNamespacedCustomObject({ ...where, body: tickPingSource(namespace, broker) }),
        );
      } catch (error) {
        // Already there: ticking, as wanted.
        if ((error as { status?: number }).status !== 409) throw error;
      }
    },
    async stop() {
      const objects = await api();
      try {
        await kubeCall(`delete PingSource ${namespace}/${TICK_PING_SOURCE}`, settings.timeoutMs, () =>
          objects.deleteNamespacedCustomObject({ ...where, name: TICK_PING_SOURCE }),
        );
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
      }
    },
  };
};
