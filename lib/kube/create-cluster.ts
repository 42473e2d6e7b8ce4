import type { Config } from '../config/config-schema.ts';
import type { ClusterReads } from './cluster.ts';
import { createKubeClients, credentialsSource } from './kube-clients.ts';
import { createKubeReads } from './kube-reads.ts';
import { noClusterReads } from './no-cluster.ts';

/**
 * The read-only cluster port: the real API when credentials exist (the client is loaded on the first call, to keep
 * cold starts light), else the label-only stand-in.
 */
export const createClusterReads = (kube: Config['kube']): ClusterReads => {
  if (!credentialsSource(kube)) return noClusterReads();
  let reads: Promise<ClusterReads> | undefined;
  const get = () => (reads ??= createKubeClients(kube).then((c) => (c ? createKubeReads(c, kube.timeoutMs) : noClusterReads())));
  return {
    available: true,
    resolveChain: async (alert) => (await get()).resolveChain(alert),
    workloadFacts: async (t) => (await get()).workloadFacts(t),
    podFacts: async (chain, limit) => (await get()).podFacts(chain, limit),
    recentEvents: async (t, limit) => (await get()).recentEvents(t, limit),
    nodeFacts: async (name) => (await get()).nodeFacts(name),
    pvcFacts: async (ns, name) => (await get()).pvcFacts(ns, name),
  };
};
