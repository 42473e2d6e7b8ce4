import * as z from 'zod';
import { asTable, asYaml, eventsAnswer } from './fake-kube-mcp-answers.ts';
import { isObject, type JsonObject } from './fake-kube-json.ts';
import { apiVersionOf, typeByKind } from './fake-kube-resources.ts';

// The core toolset of containers/kubernetes-mcp-server as it reads a cluster: tool names, argument names, required
// arguments, annotations and answer texts from pkg/toolsets/core/{pods,events,resources}.go and
// pkg/mcp/testdata/toolsets-core-tools.json. Each tool is a client of a (fake) Kubernetes API server, as the real
// one is; its errors are `isError` answers with the server's own wording around the API server's message.

/** How a tool reaches the API server: GET a path, the parsed JSON body or the API server's message thrown. */
export type KubeGet = (path: string, query?: Record<string, string | undefined>) => Promise<unknown>;

/** A tool answer: text content, an error when `isError`. */
export interface ToolAnswer {
  text: string;
  isError?: true;
}

/** One tool: its schema and annotations as the server lists them, and what it does. */
export interface FakeTool {
  name: string;
  title: string;
  readOnly: boolean;
  inputSchema: z.ZodRawShape;
  run(args: Record<string, unknown>, ctx: { kube: KubeGet; listOutput: 'table' | 'yaml' }): Promise<ToolAnswer>;
}

const str = (description: string) => z.string().describe(description);
const opt = (description: string) => z.string().optional().describe(description);
const s = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const failed = (message: string): ToolAnswer => ({ text: message, isError: true });

const pathOf = (apiVersion: string, kind: string, namespace: string | undefined, name?: string): string => {
  const type = typeByKind(apiVersion, kind);
  if (!type) throw new Error(`no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`);
  const root = type.group ? `/apis/${apiVersionOf(type)}` : `/api/${type.version}`;
  // A namespaced get without a namespace uses the configured one (the kubeconfig's, here "default").
  const ns = type.namespaced && (namespace ?? (name ? 'default' : undefined));
  return `${root}${ns ? `/namespaces/${ns}` : ''}/${type.resource}${name ? `/${name}` : ''}`;
};

const items = (list: unknown): JsonObject[] => (isObject(list) && Array.isArray(list.items) ? list.items.filter(isObject) : []);

// client-go's UnstructuredList gives each item the list's apiVersion and kind (the API server leaves them out).
const listAnswer = (apiVersion: string, kind: string, list: unknown, output: 'table' | 'yaml'): string =>
  output === 'yaml' ? asYaml(items(list).map((o) => ({ apiVersion, kind, ...o }))) : asTable(apiVersion, kind, items(list));

// Each handler's wording of a failure, around the API server's message (err.Error() in Go).
const attempt = async (prefix: string, run: () => Promise<string>): Promise<ToolAnswer> => {
  try {
    return { text: await run() };
  } catch (error) {
    return failed(`${prefix}: ${(error as Error).message}`);
  }
};

const selectors = { labelSelector: opt('Optional Kubernetes label selector'), fieldSelector: opt('Optional Kubernetes field selector') };
const objectArgs = {
  apiVersion: str('apiVersion of the resource (examples of valid apiVersion are: v1, apps/v1, networking.k8s.io/v1)'),
  kind: str('kind of the resource (examples of valid kind are: Pod, Service, Deployment, Ingress)'),
};

/** The read tools (readOnlyHint: true). */
export const READ_TOOLS: FakeTool[] = [
  {
    name: 'pods_list',
    title: 'Pods: List',
    readOnly: true,
    inputSchema: selectors,
    run: (a, { kube, listOutput }) =>
      attempt('failed to list pods in all namespaces', async () =>
        listAnswer(
          'v1',
          'Pod',
          await kube('/api/v1/pods', { labelSelector: s(a.labelSelector), fieldSelector: s(a.fieldSelector) }),
          listOutput,
        ),
      ),
  },
  {
    name: 'pods_list_in_namespace',
    title: 'Pods: List in Namespace',
    readOnly: true,
    inputSchema: { namespace: str('Namespace to list pods from'), ...selectors },
    run: (a, { kube, listOutput }) =>
      attempt(`failed to list pods in namespace ${s(a.namespace)}`, async () =>
        listAnswer(
          'v1',
          'Pod',
          await kube(`/api/v1/namespaces/${s(a.namespace)}/pods`, { labelSelector: s(a.labelSelector), fieldSelector: s(a.fieldSelector) }),
          listOutput,
        ),
      ),
  },
  {
    name: 'pods_get',
    title: 'Pods: Get',
    readOnly: true,
    inputSchema: { namespace: opt('Namespace to get the Pod from'), name: str('Name of the Pod') },
    run: (a, { kube }) =>
      attempt(`failed to get pod ${s(a.name)} in namespace ${s(a.namespace) ?? ''}`, async () =>
        asYaml(await kube(`/api/v1/namespaces/${s(a.namespace) ?? 'default'}/pods/${s(a.name)}`)),
      ),
  },
  {
    name: 'pods_log',
    title: 'Pods: Log',
    readOnly: true,
    inputSchema: {
      namespace: opt('Namespace to get the Pod logs from'),
      name: str('Name of the Pod to get the logs from'),
      container: opt('Name of the Pod container to get the logs from (Optional)'),
      previous: z.boolean().optional().describe('Return previous terminated container logs (Optional)'),
      tail: z.number().int().min(0).default(100).describe('Number of lines to retrieve from the end of the logs (Optional, default: 100)'),
    },
    run: (a, { kube }) => {
      const ns = s(a.namespace) ?? 'default';
      return attempt(`failed to get pod ${s(a.name)} log in namespace ${ns}`, async () => {
        const query = {
          container: s(a.container),
          previous: a.previous === true ? 'true' : undefined,
          tailLines: a.tail ? String(a.tail) : undefined,
        };
        const text = String(await kube(`/api/v1/namespaces/${ns}/pods/${s(a.name)}/log`, query));
        return text === '' ? `The pod ${s(a.name)} in namespace ${ns} has not logged any message yet` : text;
      });
    },
  },
  {
    name: 'events_list',
    title: 'Events: List',
    readOnly: true,
    inputSchema: {
      namespace: opt('Optional Namespace to retrieve the events from. If not provided, will list events from all namespaces'),
      fieldSelector: selectors.fieldSelector,
    },
    run: (a, { kube }) =>
      attempt('failed to list events in all namespaces', async () =>
        eventsAnswer(
          items(
            await kube(s(a.namespace) ? `/api/v1/namespaces/${s(a.namespace)}/events` : '/api/v1/events', {
              fieldSelector: s(a.fieldSelector),
            }),
          ),
        ),
      ),
  },
  {
    name: 'resources_get',
    title: 'Resources: Get',
    readOnly: true,
    inputSchema: { ...objectArgs, namespace: opt('Optional Namespace'), name: str('Name of the resource') },
    run: (a, { kube }) =>
      attempt('failed to get resource', async () =>
        asYaml(await kube(pathOf(String(a.apiVersion), String(a.kind), s(a.namespace), String(a.name)))),
      ),
  },
  {
    name: 'resources_list',
    title: 'Resources: List',
    readOnly: true,
    inputSchema: { ...objectArgs, namespace: opt('Optional Namespace'), ...selectors },
    run: (a, { kube, listOutput }) =>
      attempt('failed to list resources', async () =>
        listAnswer(
          String(a.apiVersion),
          String(a.kind),
          await kube(pathOf(String(a.apiVersion), String(a.kind), s(a.namespace)), {
            labelSelector: s(a.labelSelector),
            fieldSelector: s(a.fieldSelector),
          }),
          listOutput,
        ),
      ),
  },
];

// The tools that change a cluster, listed as the server lists them unless --read-only. The fake never performs them:
// they exist so a test can see that nothing ever called one.
const writeTool = (name: string, title: string, inputSchema: z.ZodRawShape): FakeTool => ({
  name,
  title,
  readOnly: false,
  inputSchema,
  run: async () => failed(`fake-kube-mcp: ${name} changes the cluster and is not implemented`),
});

/** The write tools (destructive or not read-only). */
export const WRITE_TOOLS: FakeTool[] = [
  writeTool('pods_delete', 'Pods: Delete', { namespace: opt('Namespace to delete the Pod from'), name: str('Name of the Pod to delete') }),
  writeTool('pods_exec', 'Pods: Exec', {
    namespace: opt('Namespace'),
    name: str('Name of the Pod'),
    command: z.array(z.string()),
    container: opt('Container'),
  }),
  writeTool('pods_run', 'Pods: Run', {
    namespace: opt('Namespace'),
    name: opt('Name of the Pod'),
    image: str('Container Image to run in the Pod'),
  }),
  writeTool('resources_create_or_update', 'Resources: Create or Update', {
    resource: str('A JSON or YAML representation of the resource'),
  }),
  writeTool('resources_delete', 'Resources: Delete', {
    ...objectArgs,
    namespace: opt('Optional Namespace'),
    name: str('Name of the resource'),
  }),
  writeTool('resources_scale', 'Resources: Scale', {
    ...objectArgs,
    namespace: opt('Optional Namespace'),
    name: str('Name of the resource'),
    scale: z.number().int().optional(),
  }),
];
