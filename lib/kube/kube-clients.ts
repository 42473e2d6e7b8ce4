import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { apiClientMaker, type KubeRequestCounter } from './counted-api.ts';

/** Where the Kubernetes credentials come from. */
export interface KubeSettings {
  kubeconfig: string | null;
  context: string | null;
  /** KUBERNETES_SERVICE_HOST: set inside a pod, where the ServiceAccount's credentials are mounted. */
  serviceHost: string | null;
  timeoutMs: number;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** The typed API clients we use. */
export type KubeClients = NonNullable<Awaited<ReturnType<typeof createKubeClients>>>;

/**
 * Where the credentials are: the pod's ServiceAccount, a kubeconfig the user named (KUBECONFIG, or KUBE_CONTEXT in
 * ~/.kube/config), or nowhere (no cluster access). ~/.kube/config alone is never used: its current context is
 * whatever cluster someone last switched to, and nothing may touch a cluster the user did not name.
 */
export const credentialsSource = (settings: KubeSettings): { inCluster: true } | { file: string } | null => {
  if (settings.serviceHost && existsSync(SERVICE_ACCOUNT_TOKEN)) return { inCluster: true };
  const file = settings.kubeconfig ?? (settings.context ? join(homedir(), '.kube', 'config') : null);
  return file && existsSync(file) ? { file } : null;
};

/**
 * Loads credentials (in-cluster ServiceAccount, else the kubeconfig the user named) and builds the API clients;
 * null when there are none; every request is counted when `requests` is given. The client library is imported here
 * only (it costs ~75 ms to load).
 */
export const createKubeClients = async (settings: KubeSettings, requests?: KubeRequestCounter) => {
  const source = credentialsSource(settings);
  if (!source) return null;
  const k8s = await import('@kubernetes/client-node');
  const kc: KubeConfig = new k8s.KubeConfig();
  if ('inCluster' in source) kc.loadFromCluster();
  else kc.loadFromFile(source.file);
  if (settings.context) kc.setCurrentContext(settings.context);
  const api = apiClientMaker(k8s, kc, requests);
  return {
    k8s,
    kc,
    server: kc.getCurrentCluster()?.server ?? 'unknown',
    context: kc.getCurrentContext(),
    core: api(k8s.CoreV1Api),
    apps: api(k8s.AppsV1Api),
    autoscaling: api(k8s.AutoscalingV2Api),
    policy: api(k8s.PolicyV1Api),
    storage: api(k8s.StorageV1Api),
    batch: api(k8s.BatchV1Api),
    /** Any other API group's client, built the same way (deadline-aborted, counted). */
    make: api,
  };
};
