import test from 'ava';
import { TransientError } from '../../../lib/errors/errors.ts';
import { KubeError } from '../../../lib/errors/kube-errors.ts';
import { answerText, eventsAnswer, goTimeToIso, listAnswer, objectAnswer, tableRows } from '../../../lib/kube/mcp-answers.ts';

// Texts as containers/kubernetes-mcp-server writes them (pkg/mcp/pods_test.go, events_test.go, pkg/output).

test('an error answer ending in the API server’s not-found is a not-found (a null read); any other is transient', (t) => {
  t.is(answerText('get Pod', { text: 'apiVersion: v1', isError: false }), 'apiVersion: v1');
  const notFound = t.throws(() =>
    answerText('get Pod shop/x', { text: 'failed to get pod x in namespace shop: pods "x" not found', isError: true }),
  );
  t.true(notFound instanceof KubeError && notFound.failure === 'not-found');
  const denied = t.throws(() =>
    answerText('list Pods', { text: 'failed to list pods in all namespaces: resource not allowed: /v1, Kind=Pod', isError: true }),
  );
  t.true(denied instanceof TransientError);
  t.is(denied?.message, 'list Pods: kubernetes MCP server: failed to list pods in all namespaces: resource not allowed: /v1, Kind=Pod');
});

test('an object must be one YAML mapping; anything else says what it got', (t) => {
  t.deepEqual(objectAnswer('get Node', 'apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n'), {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1' },
  });
  t.throws(() => objectAnswer('get Node', '- a\n- b\n'), {
    instanceOf: TransientError,
    message: 'get Node: kubernetes MCP server: expected one object',
  });
  t.throws(() => objectAnswer('get Node', 'a: [unclosed'), {
    instanceOf: TransientError,
    message: /^get Node: kubernetes MCP server: not YAML/,
  });
});

test("a kubectl table is read by its header's columns, multi-word headers and spaced cells included", (t) => {
  const text = [
    'NAMESPACE   APIVERSION   KIND   NAME      READY   STATUS             RESTARTS      AGE   IP          NODE       NOMINATED NODE   READINESS GATES   LABELS',
    'shop        v1           Pod    web-1     0/1     CrashLoopBackOff   4 (2m ago)    9m    10.1.2.3    worker-1   <none>           <none>            app=web',
    'shop        v1           Pod    web-2     1/1     Running            0             9m    10.1.2.4    worker-2   <none>           <none>            app=web',
    '',
  ].join('\n');
  const rows = tableRows(text);
  t.is(rows.length, 2);
  t.like(rows[0], {
    NAMESPACE: 'shop',
    NAME: 'web-1',
    READY: '0/1',
    STATUS: 'CrashLoopBackOff',
    RESTARTS: '4 (2m ago)',
    'NOMINATED NODE': '<none>',
    LABELS: 'app=web',
  });
  t.deepEqual(listAnswer('list', text), { rows });
});

test('a list is a YAML sequence of objects, a table, or empty; anything else is refused', (t) => {
  t.deepEqual(listAnswer('list', '- kind: Pod\n  metadata:\n    name: a\n'), { objects: [{ kind: 'Pod', metadata: { name: 'a' } }] });
  t.deepEqual(listAnswer('list', '[]\n'), { objects: [] });
  t.deepEqual(listAnswer('list', ''), { objects: [] });
  t.throws(() => listAnswer('list', 'kind: Pod\n'), { message: 'list: kubernetes MCP server: expected a YAML list or a table' });
});

test("Go's time.Time.String() reads as ISO; Go's zero time and other text as null", (t) => {
  t.is(goTimeToIso('2026-11-27 00:58:00 +0000 UTC'), '2026-11-27T00:58:00.000Z');
  t.is(goTimeToIso('2026-11-27 01:58:00.25 +0100 CET'), '2026-11-27T00:58:00.250Z');
  t.is(goTimeToIso('2026-11-27 00:58:00.123456789 +0000 UTC m=+0.000000001'), '2026-11-27T00:58:00.123Z');
  t.is(goTimeToIso('0001-01-01 00:00:00 +0000 UTC'), null);
  t.is(goTimeToIso('yesterday'), null);
});

test('events_list’s entries become events (no count: the server prints none); "No events found" is none', (t) => {
  const text =
    '# The following events (YAML format) were found:\n- InvolvedObject:\n    Kind: Pod\n    Name: a-pod\n    apiVersion: v1\n  Message: The event message\n  Namespace: ns-1\n  Reason: BackOff\n  Timestamp: 2026-11-27 00:58:00 +0000 UTC\n  Type: Warning\n';
  t.deepEqual(eventsAnswer('list Events', text), [
    {
      type: 'Warning',
      reason: 'BackOff',
      message: 'The event message',
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'a-pod', namespace: 'ns-1' },
      lastTimestamp: '2026-11-27T00:58:00.000Z',
      metadata: { namespace: 'ns-1' },
    },
  ]);
  t.deepEqual(eventsAnswer('list Events', '# No events found'), []);
  t.throws(() => eventsAnswer('list Events', 'Type: Warning\n'), {
    message: 'list Events: kubernetes MCP server: expected a YAML list of events',
  });
});
