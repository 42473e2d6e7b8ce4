import { TransientError } from '../errors/errors.ts';
import type { KubeObject } from '../ports/cluster-actions.ts';
import { answerText, eventsAnswer, listAnswer, objectAnswer } from './mcp-answers.ts';
import type { McpReadTool, McpSession } from './mcp-session.ts';
import type { KubeReadApi } from './read-api.ts';

// biome-ignore lint/suspicious/noExplicitAny: an MCP answer is untyped JSON standing in for client-node's typed results, as the reads expect them.
type ApiResult = any;

// A table answer names the objects; at most this many are then read whole (a Deployment's ReplicaSets: the
// default revisionHistoryLimit of 10, plus the current one), troubled pods first.
const TABLE_READS = 12;

// Pods the table shows as not running or not ready come first, as the direct reads order them.
const troubledRow = (r: Record<string, string>): number => {
  const [ready, total] = (r.READY ?? '').split('/');
  return r.STATUS !== 'Running' || ready !== total ? 0 : 1;
};

// A field selector `involvedObject.kind=X,involvedObject.name=Y` applied again here: servers older than the tool's
// fieldSelector argument ignore it.
const matchesFields = (selector: string | undefined, e: KubeObject): boolean =>
  (selector ?? '').split(',').every((term) => {
    const [field, value] = term.split('=');
    if (field === 'involvedObject.kind') return e.involvedObject?.kind === value;
    if (field === 'involvedObject.name') return e.involvedObject?.name === value;
    return true;
  });

/** The read calls of the typed clients, answered by a Kubernetes MCP server's read tools. */
export const createMcpReadApi = (session: McpSession): KubeReadApi => {
  const ask = async (what: string, tool: McpReadTool, args: Record<string, unknown>): Promise<string> => {
    const defined = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined && v !== ''));
    return answerText(what, await session.call(tool, defined));
  };
  const get = async (apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<ApiResult> =>
    objectAnswer(`get ${kind} ${name}`, await ask(`get ${kind} ${name}`, 'resources_get', { apiVersion, kind, namespace, name }));
  const pod = async (namespace: string, name: string): Promise<ApiResult> =>
    objectAnswer(`get Pod ${name}`, await ask(`get Pod ${namespace}/${name}`, 'pods_get', { namespace, name }));
  type Row = Record<string, string>;
  const whole = async (what: string, text: string, read: (row: Row) => Promise<ApiResult>, order = (_: Row) => 0) => {
    const answer = listAnswer(what, text);
    if ('objects' in answer) return { items: answer.objects };
    const rows = answer.rows.sort((a, b) => order(a) - order(b));
    const items = await Promise.all(rows.slice(0, TABLE_READS).map(read));
    // Rows left unread are said as a list continues, so a bounded read knows it did not see everything.
    return { items, ...(rows.length > TABLE_READS ? { metadata: { _continue: `${rows.length - TABLE_READS} more rows` } } : {}) };
  };
  const list = async (apiVersion: string, kind: string, namespace?: string, labelSelector?: string): Promise<ApiResult> => {
    const what = `list ${kind}${namespace ? ` in ${namespace}` : ''}`;
    const text = await ask(what, 'resources_list', { apiVersion, kind, namespace, labelSelector });
    return whole(what, text, (row) => get(apiVersion, kind, row.NAMESPACE || namespace, row.NAME ?? ''));
  };
  const events = async (namespace: string | undefined, fieldSelector: string | undefined): Promise<ApiResult> => {
    const what = `list Events${namespace ? ` in ${namespace}` : ''}`;
    const items = eventsAnswer(what, await ask(what, 'events_list', { namespace, fieldSelector }));
    return { items: items.filter((e) => matchesFields(fieldSelector, e)) };
  };
  return {
    core: {
      readNamespacedPod: ({ namespace, name }) => pod(namespace, name),
      async listNamespacedPod({ namespace, labelSelector }) {
        const text = await ask(`list Pods in ${namespace}`, 'pods_list_in_namespace', { namespace, labelSelector });
        return whole(`list Pods in ${namespace}`, text, (row) => pod(row.NAMESPACE || namespace, row.NAME ?? ''), troubledRow);
      },
      listNamespacedEvent: ({ namespace, fieldSelector }) => events(namespace, fieldSelector),
      listEventForAllNamespaces: ({ fieldSelector } = {}) => events(undefined, fieldSelector),
      readNode: ({ name }) => get('v1', 'Node', undefined, name),
      listNode: () => list('v1', 'Node'),
      readNamespacedPersistentVolumeClaim: ({ namespace, name }) => get('v1', 'PersistentVolumeClaim', namespace, name),
      readNamespacedService: ({ namespace, name }) => get('v1', 'Service', namespace, name),
      readPersistentVolume: ({ name }) => get('v1', 'PersistentVolume', undefined, name),
      listNamespacedResourceQuota: ({ namespace }) => list('v1', 'ResourceQuota', namespace),
      listNamespacedLimitRange: ({ namespace }) => list('v1', 'LimitRange', namespace),
      // pods_list takes no limit: every pod of the cluster in one answer. Node room is left unknown rather than
      // asked unbounded (the direct reads page it; execute's gate always reads through them).
      listPodForAllNamespaces: async () => {
        throw new TransientError(
          'list Pods in all namespaces: the Kubernetes MCP server lists pods without a limit; node room not read through it',
          { code: 'kubernetes_mcp_error' },
        );
      },
    },
    apps: {
      readNamespacedDeployment: ({ namespace, name }) => get('apps/v1', 'Deployment', namespace, name),
      readNamespacedStatefulSet: ({ namespace, name }) => get('apps/v1', 'StatefulSet', namespace, name),
      readNamespacedDaemonSet: ({ namespace, name }) => get('apps/v1', 'DaemonSet', namespace, name),
      readNamespacedReplicaSet: ({ namespace, name }) => get('apps/v1', 'ReplicaSet', namespace, name),
      listNamespacedReplicaSet: ({ namespace, labelSelector }) => list('apps/v1', 'ReplicaSet', namespace, labelSelector),
    },
    autoscaling: {
      readNamespacedHorizontalPodAutoscaler: ({ namespace, name }) => get('autoscaling/v2', 'HorizontalPodAutoscaler', namespace, name),
      listNamespacedHorizontalPodAutoscaler: ({ namespace }) => list('autoscaling/v2', 'HorizontalPodAutoscaler', namespace),
    },
    batch: { readNamespacedJob: ({ namespace, name }) => get('batch/v1', 'Job', namespace, name) },
    storage: { readStorageClass: ({ name }) => get('storage.k8s.io/v1', 'StorageClass', undefined, name) },
  };
};
