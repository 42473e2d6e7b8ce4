import { kubeCall } from './kube-call.ts';
import type { KubeSettings } from './kube-clients.ts';
import { createKubeClients } from './kube-clients.ts';

/** What `make run` says about the cluster before saying it is ready. */
export type ClusterProbe =
  | { configured: false }
  | { configured: true; server: string; context: string; version: string | null; unreachable: string | null };

/**
 * Which cluster the settings name (server and context) and whether its API server answers `GET /version` within
 * the timeout; `configured: false` when no cluster is named.
 */
export const probeCluster = async (settings: KubeSettings): Promise<ClusterProbe> => {
  const clients = await createKubeClients(settings);
  if (!clients) return { configured: false };
  const base = { configured: true as const, server: clients.server, context: clients.context || '(in-cluster)' };
  try {
    const api = clients.make(clients.k8s.VersionApi);
    const info = await kubeCall('GET /version', settings.timeoutMs, () => api.getCode());
    return { ...base, version: info.gitVersion, unreachable: null };
  } catch (error) {
    // The banner already says which call: keep only why ("ECONNREFUSED", "no answer within 2000 ms", the status).
    const why = (error as Error).message.replace(/^GET \/version: (Kubernetes API (unreachable|answered) ?:? ?)?/, '');
    return { ...base, version: null, unreachable: why };
  }
};
