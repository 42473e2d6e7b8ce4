import type { Config } from '../config/config-schema.ts';
import type { ClusterActions } from '../ports/cluster-actions.ts';
import type { ClusterReads } from '../ports/cluster.ts';
import type { KubeRequestCounter } from './counted-api.ts';
import { createKubeActions } from './kube-actions.ts';
import { createKubeClients, credentialsSource, type KubeClients } from './kube-clients.ts';
import { createKubeReads } from './kube-reads.ts';
import { mcpFirstReads } from './fallback-reads.ts';
import { createMcpReads } from './mcp-reads.ts';
import { noClusterReads } from './no-cluster.ts';

/** The whole port: reads and actions. */
export type Cluster = ClusterReads & ClusterActions;

const unavailable = async (): Promise<never> => {
  throw new Error('no cluster access (no kubeconfig or in-cluster credentials)');
};

/** Without credentials: reads find nothing, actions refuse (the policy makes everything a dry run first). */
const noCluster = (): Cluster => ({
  ...noClusterReads(),
  read: async () => null,
  snapshot: unavailable,
  apply: unavailable,
  announce: unavailable,
  podsOnNode: unavailable,
  revisions: unavailable,
  logs: unavailable,
});

// The client library is loaded on the first call, not at start-up (cold start).
const lazily = <T extends object>(make: () => Promise<T>, methods: readonly (keyof T)[]): T => {
  let made: Promise<T> | undefined;
  const get = () => (made ??= make());
  return Object.fromEntries(
    methods.map((m) => [m, async (...args: unknown[]) => ((await get())[m] as (...a: unknown[]) => unknown)(...args)]),
  ) as T;
};

const READS = ['resolveChain', 'workloadFacts', 'podFacts', 'recentEvents', 'nodeFacts', 'pvcFacts', 'capacityFacts'] as const;
const ACTIONS = ['read', 'snapshot', 'apply', 'announce', 'podsOnNode', 'revisions', 'logs'] as const;

// Called only where credentialsSource found credentials; a kubeconfig deleted since then is said, not crashed on.
const clientsFor = async (kube: Config['kube'], requests?: KubeRequestCounter): Promise<KubeClients> => {
  const clients = await createKubeClients(kube, requests);
  if (!clients) throw new Error('the Kubernetes credentials found at start-up are gone');
  return clients;
};

const directReads = (kube: Config['kube'], requests?: KubeRequestCounter): ClusterReads => {
  if (!credentialsSource(kube)) return noClusterReads();
  return {
    ...lazily(async () => createKubeReads(await clientsFor(kube, requests), kube.timeoutMs), READS),
    available: true,
    source: 'kubernetes-api',
  };
};

/**
 * analyze's read-only port: the Kubernetes MCP server at KUBE_MCP_URL first when set, falling back per read to the
 * real API when credentials exist, else to the label-only stand-in.
 */
export const createClusterReads = (kube: Config['kube'], requests?: KubeRequestCounter): ClusterReads => {
  const { mcpUrl } = kube;
  return mcpUrl ? mcpFirstReads(createMcpReads({ ...kube, mcpUrl }), directReads(kube, requests)) : directReads(kube, requests);
};

/** The full port (execute, assess), announcing its changes as `component`: the API server only, never an MCP server; `requests` counts each call. */
export const createCluster = (kube: Config['kube'], component: string, requests?: KubeRequestCounter): Cluster => {
  if (!credentialsSource(kube)) return noCluster();
  const make = async (): Promise<Cluster> => {
    const clients = await clientsFor(kube, requests);
    return { ...createKubeReads(clients, kube.timeoutMs), ...createKubeActions(clients, kube.timeoutMs, component) };
  };
  return { ...lazily(make, [...READS, ...ACTIONS]), available: true, source: 'kubernetes-api' };
};

/** Reads only, plus the plain read of an object (what the safety gates need): nothing here can change the cluster. */
export const createReadOnlyCluster = (kube: Config['kube']): ClusterReads & Pick<ClusterActions, 'read'> => {
  if (!credentialsSource(kube)) return { ...noClusterReads(), read: async () => null };
  const make = async () => {
    const clients = await clientsFor(kube);
    return { ...createKubeReads(clients, kube.timeoutMs), read: createKubeActions(clients, kube.timeoutMs, 'alerts-slm-mcp').read };
  };
  return { ...lazily(make, [...READS, 'read'] as const), available: true };
};
