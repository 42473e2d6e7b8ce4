import type { Config } from '../config/config-schema.ts';
import type { ClusterActions } from './cluster-actions.ts';
import type { ClusterReads } from './cluster.ts';
import type { KubeRequestCounter } from './counted-api.ts';
import { createKubeActions } from './kube-actions.ts';
import { createKubeClients, credentialsSource } from './kube-clients.ts';
import { createKubeReads } from './kube-reads.ts';
import { noClusterReads } from './no-cluster.ts';

/** The whole port: reads and actions. */
export type Cluster = ClusterReads & ClusterActions;

const unavailable = async (): Promise<never> => {
  throw new Error('no cluster access (no kubeconfig or in-cluster credentials)');
};

/** Without credentials: reads find nothing, actions refuse (the policy makes everything a dry run first). */
const noCluster = (): Cluster => ({ ...noClusterReads(), read: async () => null, snapshot: unavailable, apply: unavailable, announce: unavailable, podsOnNode: unavailable, revisions: unavailable, logs: unavailable });

// The client library is loaded on the first call, not at start-up (cold start).
const lazily = <T extends object>(make: () => Promise<T>, methods: readonly (keyof T)[]): T => {
  let made: Promise<T> | undefined;
  const get = () => (made ??= make());
  return Object.fromEntries(methods.map((m) => [m, async (...args: unknown[]) => ((await get())[m] as (...a: unknown[]) => unknown)(...args)])) as T;
};

const READS = ['resolveChain', 'workloadFacts', 'podFacts', 'recentEvents', 'nodeFacts', 'pvcFacts'] as const;
const ACTIONS = ['read', 'snapshot', 'apply', 'announce', 'podsOnNode', 'revisions', 'logs'] as const;

/** The read-only port (analyze): the real API when credentials exist, else the label-only stand-in; `requests` counts each call. */
export const createClusterReads = (kube: Config['kube'], requests?: KubeRequestCounter): ClusterReads => {
  if (!credentialsSource(kube)) return noClusterReads();
  return { ...lazily(async () => createKubeReads((await createKubeClients(kube, requests))!, kube.timeoutMs), READS), available: true };
};

/** The full port (execute, assess), announcing its changes as `component`; `requests` counts each call. */
export const createCluster = (kube: Config['kube'], component: string, requests?: KubeRequestCounter): Cluster => {
  if (!credentialsSource(kube)) return noCluster();
  const make = async (): Promise<Cluster> => {
    const clients = (await createKubeClients(kube, requests))!;
    return { ...createKubeReads(clients, kube.timeoutMs), ...createKubeActions(clients, kube.timeoutMs, component) };
  };
  return { ...lazily(make, [...READS, ...ACTIONS]), available: true };
};
