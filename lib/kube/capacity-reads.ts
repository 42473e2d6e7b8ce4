import type { V1Pod } from '@kubernetes/client-node';
import type { CapacityFacts, Fact } from '../domain/capacity-facts.ts';
import { limitFacts, nodeRoom, quotaFacts } from './capacity-objects.ts';
import { kubeCall } from './kube-call.ts';
import type { KubeReadApi } from './read-api.ts';

/**
 * How much the capacity reads may fetch. Node usage comes from one cluster-wide list of the pods that are not
 * finished, paged (pages of `podPage`, at most `podPages`), rather than one list per node: a 500-node cluster would
 * cost 500 calls, and the sum is over the same pods the scheduler counts. A list longer than its bound makes the
 * fact unknown: a partial sum would understate what is requested and overstate the room.
 */
export const CAPACITY_BOUNDS = { quotas: 20, limitRanges: 20, nodes: 500, podPage: 500, podPages: 10 } as const;

// The pods that hold node room: bound to a node (checked below) and not finished (as `kubectl describe node` asks).
const RUNNING = 'status.phase!=Succeeded,status.phase!=Failed';

type Page<T> = { items: T[]; metadata?: { _continue?: string } };

// A bounded list: its items, or unknown when it failed (403 included) or is longer than its bound.
const bounded = async <T>(what: string, bound: number, list: () => Promise<Page<T>>): Promise<Fact<T[]>> => {
  try {
    const page = await list();
    if (page.metadata?._continue || page.items.length > bound) return { known: false, why: `${what}: more than ${bound}, not read` };
    return { known: true, value: page.items };
  } catch (error) {
    return { known: false, why: (error as Error).message };
  }
};

const map = <T, U>(fact: Fact<T>, f: (value: T) => U): Fact<U> => (fact.known ? { known: true, value: f(fact.value) } : fact);

// The pods that are not finished, page by page, bound to a node; unknown past the bound.
const runningPods = async (c: KubeReadApi, timeoutMs: number): Promise<Fact<V1Pod[]>> => {
  const pods: V1Pod[] = [];
  let token: string | undefined;
  try {
    for (let page = 0; page < CAPACITY_BOUNDS.podPages; page++) {
      const list = await kubeCall('list Pods in all namespaces', timeoutMs, () =>
        c.core.listPodForAllNamespaces({ fieldSelector: RUNNING, limit: CAPACITY_BOUNDS.podPage, ...(token ? { _continue: token } : {}) }),
      );
      pods.push(...list.items.filter((p) => p.spec?.nodeName));
      token = list.metadata?._continue;
      if (!token) return { known: true, value: pods };
    }
  } catch (error) {
    return { known: false, why: (error as Error).message };
  }
  return { known: false, why: `more than ${CAPACITY_BOUNDS.podPage * CAPACITY_BOUNDS.podPages} running pods: node requests not summed` };
};

/** The namespace's quotas and limits and the nodes' room, each bounded; a read that fails is an unknown fact, never a throw. */
export const readCapacity = async (c: KubeReadApi, namespace: string, timeoutMs: number): Promise<CapacityFacts> => {
  const call =
    <T>(what: string, f: () => Promise<T>) =>
    () =>
      kubeCall(what, timeoutMs, f);
  const { quotas: q, limitRanges: l, nodes: n } = CAPACITY_BOUNDS;
  const [quotas, limits, nodes, pods] = await Promise.all([
    bounded(
      `ResourceQuotas in ${namespace}`,
      q,
      call(`list ResourceQuotas in ${namespace}`, () => c.core.listNamespacedResourceQuota({ namespace, limit: q })),
    ),
    bounded(
      `LimitRanges in ${namespace}`,
      l,
      call(`list LimitRanges in ${namespace}`, () => c.core.listNamespacedLimitRange({ namespace, limit: l })),
    ),
    bounded(
      'Nodes',
      n,
      call('list Nodes', () => c.core.listNode({ limit: n })),
    ),
    runningPods(c, timeoutMs),
  ]);
  const byNode = Map.groupBy(pods.known ? pods.value : [], (p) => p.spec?.nodeName ?? '');
  return {
    namespace,
    quotas: map(quotas, (items) => items.flatMap(quotaFacts)),
    limits: map(limits, (items) => items.flatMap(limitFacts)),
    nodes: pods.known ? map(nodes, (items) => items.map((node) => nodeRoom(node, byNode.get(node.metadata?.name ?? '') ?? []))) : pods,
  };
};
