import test from 'ava';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { event, podOf, seedShop } from './cluster-fixture.ts';
import { startFakeKubeApi, type FakeKubeApi } from './fake-kube-api.ts';
import { startFakeKubeMcp, type FakeKubeMcp } from './fake-kube-mcp.ts';

// The stand-in answers as containers/kubernetes-mcp-server does (pkg/toolsets/core, pkg/mcp/*_test.go, pkg/http).
let kube: FakeKubeApi;
let open: FakeKubeMcp;
let readOnly: FakeKubeMcp;
let crashing: string;
test.before(async () => {
  kube = await startFakeKubeApi();
  [open, readOnly] = await Promise.all([
    startFakeKubeMcp({ kube }),
    startFakeKubeMcp({ kube, readOnly: true, listOutput: 'yaml', token: 't0k' }),
  ]);
  crashing = seedShop(kube).metadata?.name ?? '';
});
test.after.always(() => Promise.all([kube?.close(), open?.close(), readOnly?.close()]));

const connect = async (url: string, token?: string) => {
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}),
  );
  return client;
};
const text = (r: unknown) => (r as { content: { text: string }[] }).content[0]?.text ?? '';

test('the core tools are listed with their real names, read-only hints and required arguments; --read-only lists only reads', async (t) => {
  const all = await (await connect(open.url)).listTools();
  const byName = new Map(all.tools.map((tool) => [tool.name, tool]));
  t.deepEqual(byName.get('pods_get')?.inputSchema.required, ['name']);
  t.deepEqual(byName.get('pods_list_in_namespace')?.inputSchema.required, ['namespace']);
  t.deepEqual(byName.get('resources_get')?.inputSchema.required, ['apiVersion', 'kind', 'name']);
  t.like(byName.get('events_list')?.annotations, { readOnlyHint: true, destructiveHint: false });
  t.like(byName.get('resources_delete')?.annotations, { readOnlyHint: false, destructiveHint: true });
  const reads = await (await connect(readOnly.url, 't0k')).listTools();
  t.deepEqual(reads.tools.map((tool) => tool.name).sort(), [
    'events_list',
    'pods_get',
    'pods_list',
    'pods_list_in_namespace',
    'pods_log',
    'resources_get',
    'resources_list',
  ]);
});

test('a missing or wrong token gets 401 with the server’s WWW-Authenticate; the right one gets in', async (t) => {
  const post = (authorization?: string) =>
    fetch(readOnly.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(authorization ? { authorization } : {}),
      },
      body: '{}',
    });
  const missing = await post();
  t.is(missing.status, 401);
  t.is(missing.headers.get('www-authenticate'), 'Bearer realm="Kubernetes MCP Server", error="missing_token"');
  t.is((await post('Bearer nope')).headers.get('www-authenticate'), 'Bearer realm="Kubernetes MCP Server", error="invalid_token"');
  await t.notThrowsAsync(connect(readOnly.url, 't0k'));
});

test('answers: an object as YAML, a list as a table (or YAML), events after their header line, a log tail', async (t) => {
  const client = await connect(open.url);
  const pod = text(await client.callTool({ name: 'pods_get', arguments: { namespace: 'shop', name: crashing } }));
  t.regex(pod, /^apiVersion: v1\nkind: Pod\nmetadata:\n/);
  t.notRegex(pod, /managedFields/);
  const table = text(await client.callTool({ name: 'pods_list_in_namespace', arguments: { namespace: 'shop' } }));
  t.regex(table, /^NAMESPACE +APIVERSION +KIND +NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES +LABELS\n/);
  t.regex(
    table,
    new RegExp(
      `shop +v1 +Pod +${crashing} +1/2 +CrashLoopBackOff +4 +\\d+s +<none> +worker-1 +<none> +<none> +app=checkout,pod-template-hash=`,
    ),
  );
  const yaml = text(
    await (await connect(readOnly.url, 't0k')).callTool({ name: 'resources_list', arguments: { apiVersion: 'v1', kind: 'Node' } }),
  );
  t.regex(yaml, /^- apiVersion: v1\n {2}kind: Node\n/);
  kube.add(event('shop', { kind: 'Pod', name: 'web-1' }, 'Failed', '  Error: ImagePullBackOff  ', '2026-11-27T00:10:00Z', 3));
  const events = text(
    await client.callTool({ name: 'events_list', arguments: { namespace: 'shop', fieldSelector: 'involvedObject.name=web-1' } }),
  );
  t.is(
    events,
    '# The following events (YAML format) were found:\n- InvolvedObject:\n    Kind: Pod\n    Name: web-1\n    apiVersion: v1\n  Message: "Error: ImagePullBackOff"\n  Namespace: shop\n  Reason: Failed\n  Timestamp: 2026-11-27 00:10:00 +0000 UTC\n  Type: Warning\n',
  );
  t.is(text(await client.callTool({ name: 'events_list', arguments: { namespace: 'nowhere' } })), '# No events found');
  const quiet = podOf(kube, 'shop', 'checkout', 'quiet').metadata?.name;
  kube.setLogs('shop', quiet ?? '', 'checkout', 'one\ntwo\nthree\n');
  t.is(
    text(await client.callTool({ name: 'pods_log', arguments: { namespace: 'shop', name: quiet, container: 'checkout', tail: 2 } })),
    'two\nthree\n',
  );
  t.is(
    text(await client.callTool({ name: 'pods_log', arguments: { namespace: 'shop', name: quiet, container: 'proxy' } })),
    `The pod ${quiet} in namespace shop has not logged any message yet`,
  );
});

test('failures are isError answers in the server’s words around the API server’s message; scripted ones too', async (t) => {
  const client = await connect(open.url);
  const missing = await client.callTool({ name: 'pods_get', arguments: { namespace: 'shop', name: 'nope' } });
  t.true(missing.isError);
  t.is(text(missing), 'failed to get pod nope in namespace shop: pods "nope" not found');
  t.is(
    text(
      await client.callTool({
        name: 'resources_get',
        arguments: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'gone' },
      }),
    ),
    'failed to get resource: deployments.apps "gone" not found',
  );
  t.is(
    text(await client.callTool({ name: 'resources_get', arguments: { apiVersion: 'v1', kind: 'Widget', name: 'w' } })),
    'failed to get resource: no matches for kind "Widget" in version "v1"',
  );
  open.failNext('resources_list', 'failed to list resources: etcdserver: request timed out');
  const scripted = await client.callTool({ name: 'resources_list', arguments: { apiVersion: 'v1', kind: 'Node' } });
  t.deepEqual([scripted.isError, text(scripted)], [true, 'failed to list resources: etcdserver: request timed out']);
  t.like(open.calls.at(-1), { tool: 'resources_list', isError: true });
});
