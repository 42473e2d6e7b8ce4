import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
  V1MicroTime,
  type V1ReplicaSet,
  VersionApi,
} from '@kubernetes/client-node';
import test, { type ExecutionContext } from 'ava';
import { type FakeKubeApi, startFakeKubeApi } from './fake-kube-api.ts';
import type { KubeStatus } from './fake-kube-status.ts';

const strategic = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const REVISION = 'deployment.kubernetes.io/revision';

const start = async (t: ExecutionContext): Promise<FakeKubeApi> => {
  const api = await startFakeKubeApi();
  t.teardown(() => api.close());
  return api;
};

const container = (name: string, image: string) => ({
  name,
  image,
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
});

const deployment = (name: string, images: Record<string, string> = { app: 'web:1', sidecar: 'proxy:1' }, replicas = 2) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'prod', labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: Object.entries(images).map(([n, image]) => container(n, image)) },
    },
  },
});

const pod = (name: string, labels: Record<string, string>, extra: { nodeName?: string; phase?: string; containers?: string[] } = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'prod', labels },
  spec: { nodeName: extra.nodeName ?? 'node-a', containers: (extra.containers ?? ['app']).map((n) => ({ name: n, image: `${n}:1` })) },
  status: { phase: extra.phase ?? 'Running' },
});

/** The Status an API call was refused with (client-node throws ApiException carrying the raw body). */
const refusal = async (t: ExecutionContext, call: Promise<unknown>): Promise<KubeStatus> => {
  const error = await t.throwsAsync(call, { instanceOf: ApiException });
  t.is(error.code, JSON.parse(String(error.body)).code);
  return JSON.parse(String(error.body)) as KubeStatus;
};

const apps = (api: FakeKubeApi) => api.kubeConfig().makeApiClient(AppsV1Api);
const core = (api: FakeKubeApi) => api.kubeConfig().makeApiClient(CoreV1Api);

test('get and list answer with stored objects; lists honour label and field selectors and carry a List envelope', async (t) => {
  const api = await start(t);
  api.add(pod('web-1', { app: 'web', tier: 'front' }));
  api.add(pod('web-2', { app: 'web', tier: 'back' }, { nodeName: 'node-b', phase: 'Pending' }));
  api.add(pod('db-1', { app: 'db' }));
  const client = core(api);
  t.is((await client.readNamespacedPod({ name: 'web-1', namespace: 'prod' })).metadata?.name, 'web-1');
  const names = async (labelSelector?: string, fieldSelector?: string) =>
    (
      await client.listNamespacedPod({
        namespace: 'prod',
        ...(labelSelector ? { labelSelector } : {}),
        ...(fieldSelector ? { fieldSelector } : {}),
      })
    ).items.map((p) => p.metadata?.name);
  t.deepEqual(await names(), ['db-1', 'web-1', 'web-2']);
  t.deepEqual(await names('app=web,tier!=back'), ['web-1']);
  t.deepEqual(await names('app in (db, web),!tier'), ['db-1']);
  t.deepEqual(await names('tier notin (front)'), ['db-1', 'web-2']);
  t.deepEqual(await names('tier'), ['web-1', 'web-2']);
  t.deepEqual(await names(undefined, 'spec.nodeName=node-b'), ['web-2']);
  t.deepEqual(await names('app=web', 'status.phase!=Pending,metadata.name=web-1'), ['web-1']);
  const raw = await fetch(`${api.url}/api/v1/namespaces/prod/pods?labelSelector=app%3Ddb`, {
    headers: { authorization: 'Bearer fake-token' },
  });
  const list = (await raw.json()) as {
    kind: string;
    apiVersion: string;
    metadata: { resourceVersion: string };
    items: Record<string, unknown>[];
  };
  t.is(raw.headers.get('content-type'), 'application/json');
  t.is(list.kind, 'PodList');
  t.is(list.apiVersion, 'v1');
  t.regex(list.metadata.resourceVersion, /^\d+$/);
  t.false('kind' in (list.items[0] ?? {}), 'items of a built-in list carry no kind');
  t.is((await client.listNamespace()).items.map((n) => n.metadata?.name).join(), 'prod');
});

test('a field selector on a field the resource does not index is a 400 BadRequest', async (t) => {
  const api = await start(t);
  const status = await refusal(t, core(api).listNamespacedPod({ namespace: 'prod', fieldSelector: 'spec.image=x' }));
  t.like(status, { code: 400, reason: 'BadRequest', message: 'field label not supported: spec.image' });
});

test('a missing object is an ApiException 404 with the API server Status body', async (t) => {
  const api = await start(t);
  const error = await t.throwsAsync(apps(api).readNamespacedDeployment({ name: 'web', namespace: 'prod' }), { instanceOf: ApiException });
  t.is(error.code, 404);
  t.is(
    error.body,
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \\"web\\" not found","reason":"NotFound","details":{"name":"web","group":"apps","kind":"deployments"},"code":404}',
  );
  t.like(await refusal(t, core(api).readNamespacedPod({ name: 'p', namespace: 'prod' })), {
    message: 'pods "p" not found',
    details: { name: 'p', kind: 'pods' },
  });
});

test('an unknown path is a 404 Status saying the server could not find the requested resource', async (t) => {
  const api = await start(t);
  const response = await fetch(`${api.url}/apis/apps/v1/namespaces/prod/widgets`, { headers: { authorization: 'Bearer fake-token' } });
  t.is(response.status, 404);
  t.deepEqual(await response.json(), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    details: {},
    code: 404,
  });
});

test('a request without the kubeconfig bearer token is 401 Unauthorized', async (t) => {
  const api = await start(t);
  const response = await fetch(`${api.url}/api/v1/namespaces`);
  t.is(response.status, 401);
  t.like(await response.json(), { reason: 'Unauthorized', code: 401 });
});

test("a strategic merge patch of one container's resources leaves the other containers intact", async (t) => {
  const api = await start(t);
  api.add(deployment('web'));
  const patched = await apps(api).patchNamespacedDeployment(
    {
      name: 'web',
      namespace: 'prod',
      body: { spec: { template: { spec: { containers: [{ name: 'app', resources: { limits: { memory: '512Mi' } } }] } } } },
    },
    strategic,
  );
  const containers = patched.spec?.template.spec?.containers ?? [];
  t.deepEqual(
    containers.map((c) => [c.name, c.image, c.resources?.limits?.memory]),
    [
      ['app', 'web:1', '512Mi'],
      ['sidecar', 'proxy:1', '256Mi'],
    ],
  );
  t.is(containers[0]?.resources?.requests?.cpu, '100m', 'maps inside the merged container merge too');
  t.is(patched.metadata?.generation, 2);
});

test('a strategic merge patch honours $patch: delete on a list item', async (t) => {
  const api = await start(t);
  api.add(deployment('web'));
  const patched = await apps(api).patchNamespacedDeployment(
    { name: 'web', namespace: 'prod', body: { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } } },
    strategic,
  );
  t.deepEqual(
    patched.spec?.template.spec?.containers.map((c) => c.name),
    ['app'],
  );
});

test('a merge patch replaces the container list whole', async (t) => {
  const api = await start(t);
  api.add(deployment('web'));
  await apps(api).patchNamespacedDeployment(
    { name: 'web', namespace: 'prod', body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'web:2' }] } } } } },
    merge,
  );
  t.deepEqual(api.get<V1Deployment>('apps/v1', 'Deployment', 'prod', 'web')?.spec?.template.spec?.containers, [
    { name: 'app', image: 'web:2' },
  ]);
});

test('a JSON patch applies in order; a failed test operation is a 422 and changes nothing', async (t) => {
  const api = await start(t);
  const stored = api.add(deployment('web'));
  const client = apps(api);
  const patched = await client.patchNamespacedDeployment({
    name: 'web',
    namespace: 'prod',
    body: [
      { op: 'test', path: '/spec/replicas', value: 2 },
      { op: 'replace', path: '/spec/replicas', value: 4 },
      { op: 'add', path: '/metadata/annotations/owner', value: 'team-a' },
    ],
  });
  t.is(patched.spec?.replicas, 4);
  t.is(patched.metadata?.annotations?.owner, 'team-a');
  const status = await refusal(
    t,
    client.patchNamespacedDeployment({
      name: 'web',
      namespace: 'prod',
      body: [
        { op: 'test', path: '/spec/replicas', value: 2 },
        { op: 'replace', path: '/spec/replicas', value: 9 },
      ],
    }),
  );
  t.deepEqual(status, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server rejected our request due to an error in our request',
    reason: 'Invalid',
    details: {},
    code: 422,
  });
  t.is(api.get<V1Deployment>('apps/v1', 'Deployment', 'prod', 'web')?.spec?.replicas, 4);
  t.not(stored.metadata?.resourceVersion, patched.metadata?.resourceVersion);
});

test('a write carrying a stale resourceVersion is a 409 Conflict, by PUT and by patch', async (t) => {
  const api = await start(t);
  const client = apps(api);
  api.add(deployment('web'));
  const read = await client.readNamespacedDeployment({ name: 'web', namespace: 'prod' });
  await client.patchNamespacedDeployment({ name: 'web', namespace: 'prod', body: { spec: { replicas: 3 } } }, merge);
  const stale = { ...read, spec: { ...read.spec!, replicas: 5 } };
  const status = await refusal(t, client.replaceNamespacedDeployment({ name: 'web', namespace: 'prod', body: stale }));
  t.deepEqual(status, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message:
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    reason: 'Conflict',
    details: { name: 'web', group: 'apps', kind: 'deployments' },
    code: 409,
  });
  const patch = { metadata: { resourceVersion: read.metadata?.resourceVersion }, spec: { replicas: 6 } };
  t.like(await refusal(t, client.patchNamespacedDeployment({ name: 'web', namespace: 'prod', body: patch }, strategic)), {
    code: 409,
    reason: 'Conflict',
  });
  const current = await client.readNamespacedDeployment({ name: 'web', namespace: 'prod' });
  const replaced = await client.replaceNamespacedDeployment({
    name: 'web',
    namespace: 'prod',
    body: { ...current, spec: { ...current.spec!, replicas: 7 } },
  });
  t.is(replaced.spec?.replicas, 7);
});

test('invalid writes are 422 Invalid with a cause per field: negative replicas, a container without an image', async (t) => {
  const api = await start(t);
  const client = apps(api);
  api.add(deployment('web'));
  t.deepEqual(
    await refusal(t, client.patchNamespacedDeployment({ name: 'web', namespace: 'prod', body: { spec: { replicas: -1 } } }, merge)),
    {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      reason: 'Invalid',
      details: {
        name: 'web',
        group: 'apps',
        kind: 'Deployment',
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }],
      },
      code: 422,
    },
  );
  const noImage = await refusal(
    t,
    client.patchNamespacedDeployment(
      { name: 'web', namespace: 'prod', body: { spec: { template: { spec: { containers: [{ name: 'debug' }] } } } } },
      strategic,
    ),
  );
  t.is(noImage.message, 'Deployment.apps "web" is invalid: spec.template.spec.containers[2].image: Required value');
  t.deepEqual(noImage.details?.causes, [
    { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers[2].image' },
  ]);
  const overLimit = await refusal(
    t,
    client.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'prod',
        body: { spec: { template: { spec: { containers: [{ name: 'app', resources: { requests: { memory: '1Gi' } } }] } } } },
      },
      strategic,
    ),
  );
  t.is(overLimit.details?.causes?.[0]?.field, 'spec.template.spec.containers[0].resources.requests[memory]');
  t.is(api.get<V1Deployment>('apps/v1', 'Deployment', 'prod', 'web')?.metadata?.generation, 1, 'nothing was stored');
});

test('an unparsable quantity is refused before validation, as the API server fails to decode it', async (t) => {
  const api = await start(t);
  api.add(deployment('web'));
  const status = await refusal(
    t,
    apps(api).patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'prod',
        body: {
          spec: { template: { spec: { containers: [{ name: 'app', image: 'web:1', resources: { limits: { memory: '512MB' } } }] } } },
        },
      },
      merge,
    ),
  );
  t.like(status, { code: 400, reason: 'BadRequest' });
  t.regex(
    status.message ?? '',
    /^Deployment in version "v1" cannot be handled as a Deployment: quantities must match the regular expression/,
  );
});

test('forbid() answers 403 Forbidden worded as RBAC denies the execute service account', async (t) => {
  const api = await start(t);
  api.add(deployment('web'));
  api.forbid({ verb: 'patch', resource: 'deployments', subresource: 'scale', namespace: 'prod' });
  api.forbid({ verb: 'list', resource: 'nodes' });
  const status = await refusal(
    t,
    apps(api).patchNamespacedDeploymentScale({ name: 'web', namespace: 'prod', body: { spec: { replicas: 3 } } }, merge),
  );
  t.deepEqual(status, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message:
      'deployments.apps "web" is forbidden: User "system:serviceaccount:alerts-slm:alerts-slm-execute" cannot patch resource "deployments/scale" in API group "apps" in the namespace "prod"',
    reason: 'Forbidden',
    details: { name: 'web', group: 'apps', kind: 'deployments' },
    code: 403,
  });
  t.is(
    (await refusal(t, core(api).listNode())).message,
    'nodes is forbidden: User "system:serviceaccount:alerts-slm:alerts-slm-execute" cannot list resource "nodes" in API group "" at the cluster scope',
  );
  t.is(
    (await apps(api).patchNamespacedDeployment({ name: 'web', namespace: 'prod', body: { spec: { replicas: 3 } } }, merge)).spec?.replicas,
    3,
    'the main resource stays allowed',
  );
});

test('a PATCH with a content type that is not a patch type is 415 UnsupportedMediaType', async (t) => {
  const api = await start(t);
  api.add(deployment('web'));
  const response = await fetch(`${api.url}/apis/apps/v1/namespaces/prod/deployments/web`, {
    method: 'PATCH',
    headers: { authorization: 'Bearer fake-token', 'content-type': 'application/json' },
    body: JSON.stringify({ spec: { replicas: 3 } }),
  });
  t.is(response.status, 415);
  t.deepEqual(await response.json(), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: '415: Unsupported Media Type',
    reason: 'UnsupportedMediaType',
    details: {},
    code: 415,
  });
});

test('a verb the resource does not serve is 405 MethodNotAllowed', async (t) => {
  const api = await start(t);
  api.add(pod('web-1', { app: 'web' }));
  const status = await refusal(
    t,
    core(api).patchNamespacedPod({ name: 'web-1', namespace: 'prod', body: { metadata: { labels: { x: 'y' } } } }, merge),
  );
  t.deepEqual(status, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server does not allow this method on the requested resource',
    reason: 'MethodNotAllowed',
    details: {},
    code: 405,
  });
});

test('the scale subresource reads and patches an autoscaling/v1 Scale without creating a revision', async (t) => {
  const api = await start(t);
  const client = apps(api);
  api.add(deployment('web'));
  const scale = await client.readNamespacedDeploymentScale({ name: 'web', namespace: 'prod' });
  t.like(scale, {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: 'web', namespace: 'prod' },
    spec: { replicas: 2 },
    status: { replicas: 2, selector: 'app=web' },
  });
  const patched = await client.patchNamespacedDeploymentScale({ name: 'web', namespace: 'prod', body: { spec: { replicas: 5 } } }, merge);
  t.is(patched.spec?.replicas, 5);
  const stored = api.get<V1Deployment>('apps/v1', 'Deployment', 'prod', 'web');
  t.is(stored?.spec?.replicas, 5);
  t.is(stored?.status?.readyReplicas, 5);
  t.is(stored?.metadata?.annotations?.[REVISION], '1');
  t.is(api.list('apps/v1', 'ReplicaSet', 'prod').length, 1);
  const replaced = await client.replaceNamespacedDeploymentScale({
    name: 'web',
    namespace: 'prod',
    body: { metadata: { name: 'web', namespace: 'prod' }, spec: { replicas: 0 } },
  });
  t.is(replaced.spec?.replicas, undefined, 'zero replicas is omitted, as Go omitempty does');
  t.like(
    await refusal(t, client.patchNamespacedDeploymentScale({ name: 'web', namespace: 'prod', body: { spec: { replicas: -2 } } }, merge)),
    {
      code: 422,
      message: 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0',
    },
  );
});

test('an eviction a disruption budget blocks is 429 naming the budget; an allowed one deletes the pod with 201', async (t) => {
  const api = await start(t);
  const client = core(api);
  api.add(pod('web-1', { app: 'web' }));
  api.add(pod('web-2', { app: 'web' }));
  api.add({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web-pdb', namespace: 'prod' },
    spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
    status: { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 2 },
  });
  const eviction = (name: string) => ({
    name,
    namespace: 'prod',
    body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'prod' } },
  });
  t.deepEqual(await refusal(t, client.createNamespacedPodEviction(eviction('web-1'))), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    reason: 'TooManyRequests',
    details: {
      causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently' }],
    },
    code: 429,
  });
  t.truthy(api.get('v1', 'Pod', 'prod', 'web-1'));
  api.add({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web-pdb', namespace: 'prod' },
    spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    status: { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1 },
  });
  const response = await client.createNamespacedPodEvictionWithHttpInfo(eviction('web-1'));
  t.is(response.httpStatusCode, 201);
  t.like(response.data, { kind: 'Status', apiVersion: 'v1' });
  t.is(api.get('v1', 'Pod', 'prod', 'web-1'), undefined);
  t.is(
    api.get<{ status: { disruptionsAllowed: number } }>('policy/v1', 'PodDisruptionBudget', 'prod', 'web-pdb')?.status.disruptionsAllowed,
    0,
  );
  t.like(await refusal(t, client.createNamespacedPodEviction(eviction('gone'))), { code: 404, message: 'pods "gone" not found' });
});

test('deleting a pod answers 200 with the pod, marked for graceful deletion, and removes it', async (t) => {
  const api = await start(t);
  api.add(pod('web-1', { app: 'web' }));
  const deleted = await core(api).deleteNamespacedPod({ name: 'web-1', namespace: 'prod' });
  t.is(deleted.metadata?.name, 'web-1');
  t.is(deleted.metadata?.deletionGracePeriodSeconds, 30);
  t.is(api.get('v1', 'Pod', 'prod', 'web-1'), undefined);
});

test('pod logs are text/plain and honour container, tailLines, limitBytes and previous', async (t) => {
  const api = await start(t);
  const client = core(api);
  api.add(pod('web-1', { app: 'web' }, { containers: ['app', 'sidecar'] }));
  api.setLogs('prod', 'web-1', 'app', 'one\ntwo\nthree\n');
  api.setLogs('prod', 'web-1', 'app', 'panic: boom\n', { previous: true });
  t.is(await client.readNamespacedPodLog({ name: 'web-1', namespace: 'prod', container: 'app', tailLines: 2 }), 'two\nthree\n');
  t.is(await client.readNamespacedPodLog({ name: 'web-1', namespace: 'prod', container: 'app', limitBytes: 3 }), 'one');
  t.is(await client.readNamespacedPodLog({ name: 'web-1', namespace: 'prod', container: 'app', previous: true }), 'panic: boom\n');
  t.is(await client.readNamespacedPodLog({ name: 'web-1', namespace: 'prod', container: 'sidecar' }), '');
  t.like(await refusal(t, client.readNamespacedPodLog({ name: 'web-1', namespace: 'prod' })), {
    code: 400,
    message: 'a container name must be specified for pod web-1, choose one of: [app sidecar]',
  });
  t.like(await refusal(t, client.readNamespacedPodLog({ name: 'web-1', namespace: 'prod', container: 'sidecar', previous: true })), {
    code: 400,
    message: 'previous terminated container "sidecar" in pod "web-1" not found',
  });
  const raw = await fetch(`${api.url}/api/v1/namespaces/prod/pods/web-1/log?container=app`, {
    headers: { authorization: 'Bearer fake-token' },
  });
  t.is(raw.headers.get('content-type'), 'text/plain');
});

test('events created through the API are stored and listable by involvedObject field selectors', async (t) => {
  const api = await start(t);
  const client = core(api);
  const stored = api.add(deployment('web'));
  const involvedObject = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'prod', uid: stored.metadata.uid ?? '' };
  const created = await client.createNamespacedEventWithHttpInfo({
    namespace: 'prod',
    body: {
      metadata: { generateName: 'web.' },
      involvedObject,
      reason: 'AlertsSlmRemediated',
      message: 'restarted',
      type: 'Normal',
      source: { component: 'alerts-slm' },
      firstTimestamp: new Date('2026-01-02T03:04:05.678Z'),
    },
  });
  t.is(created.httpStatusCode, 201);
  t.regex(created.data.metadata?.name ?? '', /^web\.[a-z0-9]{5}$/);
  await client.createNamespacedEvent({
    namespace: 'prod',
    body: { metadata: { name: 'other' }, involvedObject: { kind: 'Pod', name: 'db-1', namespace: 'prod' }, reason: 'X', message: 'y' },
  });
  const events = await client.listNamespacedEvent({
    namespace: 'prod',
    fieldSelector: `involvedObject.kind=Deployment,involvedObject.name=web,involvedObject.uid=${stored.metadata.uid}`,
  });
  t.deepEqual(
    events.items.map((e) => [e.reason, e.source?.component]),
    [['AlertsSlmRemediated', 'alerts-slm']],
  );
  t.is(
    api.list<{ firstTimestamp?: string }>('v1', 'Event', 'prod').find((e) => e.firstTimestamp)?.firstTimestamp,
    '2026-01-02T03:04:05Z',
    'metav1.Time keeps whole seconds',
  );
});

test('an event whose namespace differs from its involved object, or whose eventTime is a Date with millisecond precision, is refused', async (t) => {
  const api = await start(t);
  const client = core(api);
  api.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } });
  const mismatch = await refusal(
    t,
    client.createNamespacedEvent({
      namespace: 'prod',
      body: { metadata: { name: 'e1' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' }, reason: 'X' },
    }),
  );
  t.is(mismatch.message, 'Event "e1" is invalid: involvedObject.namespace: Invalid value: "other": does not match event.namespace');
  const micro = await refusal(
    t,
    client.createNamespacedEvent({
      namespace: 'prod',
      body: {
        metadata: { name: 'e2' },
        involvedObject: { kind: 'Pod', name: 'p', namespace: 'prod' },
        eventTime: new Date('2026-01-02T03:04:05.678Z'),
        action: 'Restart',
        reason: 'X',
        reportingComponent: 'a',
        reportingInstance: 'b',
      },
    }),
  );
  t.like(micro, { code: 400, reason: 'BadRequest' });
  t.regex(
    micro.message ?? '',
    /cannot be handled as a Event: parsing time "2026-01-02T03:04:05.678Z" as "2006-01-02T15:04:05.000000Z07:00"/,
  );
  const accepted = await client.createNamespacedEvent({
    namespace: 'prod',
    body: {
      metadata: { name: 'e4' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'prod' },
      eventTime: new V1MicroTime('2026-01-02T03:04:05.678Z'),
      action: 'Restart',
      reason: 'X',
      reportingComponent: 'a',
      reportingInstance: 'b',
    },
  });
  t.is(
    api.get<{ eventTime: string }>('v1', 'Event', 'prod', accepted.metadata?.name ?? '')?.eventTime,
    '2026-01-02T03:04:05.678000Z',
    'V1MicroTime serialises six fractional digits',
  );
  t.like(
    await refusal(
      t,
      client.createNamespacedEvent({
        namespace: 'nowhere',
        body: { metadata: { name: 'e3' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'nowhere' } },
      }),
    ),
    { code: 404, message: 'namespaces "nowhere" not found' },
  );
});

test('a template change creates revision 2; restoring the old template makes the old ReplicaSet revision 3', async (t) => {
  const api = await start(t);
  const client = apps(api);
  api.add(deployment('web', { app: 'web:1' }));
  const [first] = (await client.listNamespacedReplicaSet({ namespace: 'prod', labelSelector: 'app=web' })).items;
  t.is(first?.metadata?.annotations?.[REVISION], '1');
  t.like(first?.metadata?.ownerReferences?.[0], {
    kind: 'Deployment',
    name: 'web',
    controller: true,
    uid: api.get('apps/v1', 'Deployment', 'prod', 'web')?.metadata?.uid,
  });
  t.is(first?.spec?.template?.metadata?.labels?.['pod-template-hash'], first?.metadata?.name?.slice('web-'.length));
  await client.patchNamespacedDeployment(
    { name: 'web', namespace: 'prod', body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'web:2' }] } } } } },
    strategic,
  );
  const revisions = () =>
    Object.fromEntries(
      api
        .list<V1ReplicaSet>('apps/v1', 'ReplicaSet', 'prod')
        .map((rs) => [rs.spec?.template?.spec?.containers[0]?.image, [rs.metadata?.annotations?.[REVISION], rs.spec?.replicas]]),
    );
  t.deepEqual(revisions(), { 'web:1': ['1', 0], 'web:2': ['2', 2] });
  t.is((await client.readNamespacedDeployment({ name: 'web', namespace: 'prod' })).metadata?.annotations?.[REVISION], '2');
  const template = structuredClone(first?.spec?.template);
  delete template?.metadata?.labels?.['pod-template-hash'];
  await client.patchNamespacedDeployment({
    name: 'web',
    namespace: 'prod',
    body: [{ op: 'replace', path: '/spec/template', value: template }],
  });
  t.deepEqual(revisions(), { 'web:1': ['3', 2], 'web:2': ['2', 0] });
  t.is(
    api.get('apps/v1', 'ReplicaSet', 'prod', first?.metadata?.name ?? '')?.metadata?.annotations?.[
      'deployment.kubernetes.io/revision-history'
    ],
    '1',
  );
  t.is(api.get('apps/v1', 'Deployment', 'prod', 'web')?.metadata?.annotations?.[REVISION], '3');
});

test('the request log records method, path, query, content type, body and answer of each call', async (t) => {
  const api = await start(t);
  api.add(deployment('web'));
  const client = apps(api);
  await client.readNamespacedDeployment({ name: 'web', namespace: 'prod' });
  await client.patchNamespacedDeployment(
    { name: 'web', namespace: 'prod', body: { spec: { replicas: 3 } }, fieldManager: 'alerts-slm' },
    strategic,
  );
  t.is(api.requests.length, 2);
  t.like(api.requests[0], { method: 'GET', path: '/apis/apps/v1/namespaces/prod/deployments/web', body: undefined, status: 200 });
  t.deepEqual(api.mutations(), [
    {
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/prod/deployments/web',
      query: { fieldManager: 'alerts-slm' },
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { replicas: 3 } },
      status: 200,
    },
  ]);
});

test('failNext answers the next matching request with a scripted 503 once, then serves normally', async (t) => {
  const api = await start(t);
  api.add(deployment('web'));
  api.failNext({ verb: 'patch', resource: 'deployments' }, { status: 503 });
  const client = apps(api);
  t.is(
    (await client.readNamespacedDeployment({ name: 'web', namespace: 'prod' })).spec?.replicas,
    2,
    'a non-matching request is unaffected',
  );
  t.like(await refusal(t, client.patchNamespacedDeployment({ name: 'web', namespace: 'prod', body: { spec: { replicas: 3 } } }, merge)), {
    code: 503,
    reason: 'ServiceUnavailable',
    message: 'the server is currently unable to handle the request',
  });
  t.is(api.get<V1Deployment>('apps/v1', 'Deployment', 'prod', 'web')?.spec?.replicas, 2);
  t.is(
    (await client.patchNamespacedDeployment({ name: 'web', namespace: 'prod', body: { spec: { replicas: 3 } } }, merge)).spec?.replicas,
    3,
  );
});

test('a patch that changes nothing keeps the resourceVersion; a dry run validates without storing', async (t) => {
  const api = await start(t);
  const client = apps(api);
  const stored = api.add(deployment('web'));
  const same = await client.patchNamespacedDeployment({ name: 'web', namespace: 'prod', body: { spec: { replicas: 2 } } }, merge);
  t.is(same.metadata?.resourceVersion, stored.metadata.resourceVersion);
  const dry = await client.patchNamespacedDeployment(
    { name: 'web', namespace: 'prod', body: { spec: { replicas: 9 } }, dryRun: 'All' },
    merge,
  );
  t.is(dry.spec?.replicas, 9);
  t.is(api.get<V1Deployment>('apps/v1', 'Deployment', 'prod', 'web')?.spec?.replicas, 2);
});

test('a DaemonSet restart patch bumps its generation and keeps the seeded status', async (t) => {
  const api = await start(t);
  const { spec, metadata } = deployment('agent');
  api.add({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata,
    spec: { selector: spec.selector, template: spec.template },
    status: { desiredNumberScheduled: 3, numberReady: 3 },
  });
  const restartedAt = '2026-01-01T00:00:00Z';
  const patched = await apps(api).patchNamespacedDaemonSet(
    {
      name: 'agent',
      namespace: 'prod',
      body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } } },
    },
    strategic,
  );
  t.is(patched.spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'], restartedAt);
  t.is(patched.metadata?.generation, 2);
  t.is(patched.status?.numberReady, 3);
});

test('nodes patch at the cluster scope and HPAs validate their bounds', async (t) => {
  const api = await start(t);
  api.add({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' }, spec: {} });
  const cordoned = await core(api).patchNode({ name: 'node-a', body: { spec: { unschedulable: true } } }, strategic);
  t.true(cordoned.spec?.unschedulable);
  t.deepEqual(
    (await core(api).listNode({ fieldSelector: 'spec.unschedulable=true' })).items.map((n) => n.metadata?.name),
    ['node-a'],
  );
  api.add({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'prod' },
    spec: { minReplicas: 2, maxReplicas: 5, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } },
  });
  const hpa = api.kubeConfig().makeApiClient(AutoscalingV2Api);
  t.is(
    (await hpa.patchNamespacedHorizontalPodAutoscaler({ name: 'web', namespace: 'prod', body: { spec: { maxReplicas: 10 } } }, merge)).spec
      ?.maxReplicas,
    10,
  );
  t.is(
    (
      await refusal(
        t,
        hpa.patchNamespacedHorizontalPodAutoscaler({ name: 'web', namespace: 'prod', body: { spec: { maxReplicas: 1 } } }, merge),
      )
    ).message,
    'HorizontalPodAutoscaler.autoscaling "web" is invalid: spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`',
  );
});

test('growing a PVC needs a bound claim whose storage class allows expansion, else 403', async (t) => {
  const api = await start(t);
  const client = core(api);
  api.add({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fixed' }, provisioner: 'x' });
  api.add({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'elastic' },
    provisioner: 'x',
    allowVolumeExpansion: true,
  });
  const claim = (name: string, storageClassName: string) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'prod' },
    spec: { storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
    status: { phase: 'Bound', capacity: { storage: '10Gi' } },
  });
  api.add(claim('data', 'elastic'));
  api.add(claim('logs', 'fixed'));
  const grow = (name: string) =>
    client.patchNamespacedPersistentVolumeClaim(
      { name, namespace: 'prod', body: { spec: { resources: { requests: { storage: '20Gi' } } } } },
      strategic,
    );
  t.is((await grow('data')).spec?.resources?.requests?.storage, '20Gi');
  t.like(await refusal(t, grow('logs')), {
    code: 403,
    message:
      'persistentvolumeclaims "logs" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
  });
});

test('the kubeconfig YAML loads into a working client; /version and discovery answer', async (t) => {
  const api = await start(t);
  api.add(deployment('web'));
  const kc = new KubeConfig();
  kc.loadFromString(api.kubeconfigYaml());
  t.is((await kc.makeApiClient(VersionApi).getCode()).gitVersion, 'v1.34.1');
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const read = await objects.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'prod' } });
  t.is(read.metadata?.name, 'web');
});

test('reset forgets objects, rules and the request log', async (t) => {
  const api = await start(t);
  api.add(deployment('web'));
  api.forbid({ verb: '*', resource: 'deployments' });
  await t.throwsAsync(apps(api).readNamespacedDeployment({ name: 'web', namespace: 'prod' }));
  api.reset();
  t.deepEqual(api.requests, []);
  api.add(deployment('web'));
  t.is((await apps(api).readNamespacedDeployment({ name: 'web', namespace: 'prod' })).metadata?.name, 'web');
});
