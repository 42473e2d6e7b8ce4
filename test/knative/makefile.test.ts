import test from 'ava';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { containerOf, type PodTemplate, repoRoot, writableTmpProblems } from './manifest-checks.ts';

// The Knative targets cannot reach a cluster here: they run against stand-ins for kubectl, kn and func that
// record how they were called, on a PATH that holds nothing else of the kind.
const which = (tool: string) => spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
const make = which('make');
const realKubectl = which('kubectl');
const BASICS = ['bash', 'sh', 'env', 'git', 'grep', 'sed', 'find', 'mkdir', 'cat', 'expand', 'rm', 'dirname', 'head', 'sha256sum', 'cut'];

const FAKE = `#!/bin/bash
printf '%s\\n' "\${0##*/} $*" >> "$CALLS"
case "$*" in
  *"get secret"*) exit "\${SECRET_STATUS:-0}";;
  *"containers[0].image"*) printf 'registry.invalid/team/alerts-slm:0123abcd';;
  *"status.url"*|*"-o url"*) printf 'http://alerts-slm-ingest.alerts-slm.svc.cluster.local';;
  *"get pods"*) printf 'pod/alerts-slm-analyze-00001-deployment-abc\\n';;
  *" run "*) cat > "$CALLS.stdin";;
esac
exit 0
`;

const boxes: string[] = [];
test.after.always(() => {
  for (const bin of boxes) rmSync(bin, { recursive: true, force: true });
});

/** A PATH with the basics (and node), plus stand-ins for the named cluster tools. */
const toolbox = (fakes: readonly string[]): { bin: string; calls: string } => {
  const bin = mkdtempSync(join(tmpdir(), 'alerts-slm-make-'));
  boxes.push(bin);
  for (const tool of BASICS) {
    const path = which(tool);
    if (path) symlinkSync(path, join(bin, tool));
  }
  symlinkSync(process.execPath, join(bin, 'node'));
  for (const tool of fakes) {
    writeFileSync(join(bin, tool), FAKE);
    chmodSync(join(bin, tool), 0o755);
  }
  return { bin, calls: join(bin, 'calls') };
};

const run = (box: { bin: string; calls: string }, args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(make, ['-s', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: box.bin, HOME: box.bin, CALLS: box.calls, ...env },
  });
  let calls: string[] = [];
  try {
    calls = readFileSync(box.calls, 'utf8').trim().split('\n');
  } catch {}
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls };
};

const commit = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).stdout.trim() || 'latest';
// Edited sources make a different image: the tag says so (uncommitted tracked changes, hashed; func.yaml, which
// func build itself writes, left out).
const dirty = spawnSync('git', ['diff', '--quiet', 'HEAD', '--', '.', ':(exclude)func.yaml'], { cwd: repoRoot }).status !== 0;

test('each Knative target stops with a message naming the tool it is missing', (t) => {
  const box = toolbox([]);
  const needs: [string, string][] = [
    ['image', 'func'],
    ['deploy', 'kubectl'],
    ['undeploy', 'kubectl'],
    ['url', 'kn'],
    ['send-test-alert', 'kubectl'],
    ['logs', 'kubectl'],
  ];
  for (const [target, tool] of needs) {
    const r = run(box, [target, 'REGISTRY=registry.invalid/team']);
    t.not(r.status, 0, target);
    t.true(r.stderr.includes(`make ${target}: '${tool}' is required but not on PATH`), `${target}: ${r.stderr}`);
  }
});

test('make image and make deploy without a registry say how to name the image', (t) => {
  const box = toolbox(['func', 'kubectl']);
  for (const target of ['image', 'deploy']) {
    const r = run(box, [target]);
    t.not(r.status, 0);
    t.regex(r.stderr, new RegExp(`make ${target}: no image: set REGISTRY=`));
  }
  t.deepEqual(run(box, ['image']).calls, [], 'nothing was built or applied');
});

test('make image builds with the pack builder from the repository root and pushes REGISTRY/alerts-slm:<commit>, marked dirty when the tree differs', (t) => {
  const r = run(toolbox(['func']), ['image', 'REGISTRY=registry.invalid/team']);
  t.is(r.status, 0, r.stderr);
  // The tag is the commit checked out when make ran (HEAD may move while the tests run).
  t.is(r.calls.length, 1);
  t.regex(
    r.calls[0] ?? '',
    new RegExp(
      `^func build --path ${repoRoot} --builder pack --image registry\\.invalid/team/alerts-slm:(${commit === 'latest' ? 'latest' : '[0-9a-f]{12}'}${dirty ? '-dirty-[0-9a-f]{8}' : ''}) --push$`,
    ),
  );
});

test('make deploy applies the namespace, checks the Secret, migrates with a fresh Job before anything else changes, applies and waits', (t) => {
  const r = run(toolbox(['kubectl']), ['deploy', 'IMAGE=registry.invalid:5000/team/alerts-slm:v1.2']);
  t.is(r.status, 0, r.stderr);
  t.deepEqual(r.calls.slice(0, 11), [
    'kubectl apply -f knative/namespace.yaml',
    'kubectl -n alerts-slm get secret alerts-slm',
    'kubectl -n alerts-slm delete job alerts-slm-migrate --ignore-not-found',
    'kubectl -n alerts-slm apply -f knative/config.yaml',
    'kubectl apply -k .data/knative-deploy -l app.kubernetes.io/component=migrate',
    'kubectl -n alerts-slm wait --for=condition=complete job/alerts-slm-migrate --timeout=300s',
    'kubectl apply -k .data/knative-deploy',
    'kubectl -n alerts-slm wait --for=condition=Ready --timeout=300s ksvc --all',
    'kubectl -n alerts-slm wait --for=condition=Ready --timeout=120s broker/alerts-slm',
    'kubectl -n alerts-slm wait --for=condition=Ready --timeout=120s trigger --all',
    'kubectl -n alerts-slm get ksvc alerts-slm-ingest -o jsonpath={.status.url}',
  ]);
  t.regex(r.stdout, /Alertmanager webhook: http:\/\/alerts-slm-ingest\.alerts-slm\.svc\.cluster\.local\//);
});

for (const [image, expected] of [
  ['registry.invalid:5000/team/alerts-slm:v1.2', 'registry.invalid:5000/team/alerts-slm:v1.2'],
  ['registry.invalid/team/alerts-slm@sha256:0123', 'registry.invalid/team/alerts-slm@sha256:0123'],
  ['registry.invalid/team/alerts-slm', 'registry.invalid/team/alerts-slm:latest'],
] as const) {
  // Serial: each writes the overlay make deploy keeps under .data/ and then renders it.
  test.serial(`make deploy's overlay gives every workload the image ${image} as ${expected}`, (t) => {
    const r = run(toolbox(['kubectl']), ['deploy', `IMAGE=${image}`]);
    t.is(r.status, 0, r.stderr);
    if (!realKubectl) {
      t.log('kubectl is not installed here: the overlay was written but not rendered');
      return;
    }
    const out = spawnSync(realKubectl, ['kustomize', join(repoRoot, '.data', 'knative-deploy')], { encoding: 'utf8' });
    t.is(out.status, 0, out.stderr);
    const images = parseAllDocuments(out.stdout).flatMap((d) =>
      [...JSON.stringify(d.toJS()).matchAll(/"image":"([^"]+)"/g)].map((m) => m[1]),
    );
    t.is(images.length, 7, 'six Services and the migration Job');
    t.true(
      images.every((i) => i === expected),
      images.join(', '),
    );
  });
}

test("knative/README.md's by-hand deploy is make deploy's kubectl commands in make deploy's order: the migration before the Services", (t) => {
  const r = run(toolbox(['kubectl']), ['deploy', 'IMAGE=registry.invalid/team/alerts-slm:1']);
  t.is(r.status, 0, r.stderr);
  // By hand, the two kustomizations stand for the overlay make deploy writes; printing the URL is not a step.
  const overlay = '-k .data/knative-deploy';
  const made = r.calls
    .filter((c) => !c.includes('jsonpath='))
    .map((c) => c.replace(`${overlay} -l app.kubernetes.io/component=migrate`, '-k knative/migrate').replace(overlay, '-k knative'));
  const guide = readFileSync(join(repoRoot, 'knative', 'README.md'), 'utf8');
  const block = /<!-- by-hand-deploy[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(guide)?.[1];
  t.truthy(block, 'knative/README.md marks its by-hand deploy block');
  const byHand = (block ?? '')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('kubectl '));
  t.deepEqual(byHand, made);
});

test('make deploy stops before applying anything when the Secret is missing', (t) => {
  const r = run(toolbox(['kubectl']), ['deploy', 'IMAGE=registry.invalid/team/alerts-slm:1'], { SECRET_STATUS: '1' });
  t.not(r.status, 0);
  t.regex(r.stderr, /Secret alerts-slm is missing in namespace alerts-slm; create it first \(knative\/secret\.example\.yaml/);
  t.deepEqual(r.calls, ['kubectl apply -f knative/namespace.yaml', 'kubectl -n alerts-slm get secret alerts-slm']);
});

test('make undeploy deletes both kustomizations and the tick assess may have created, and keeps the namespace and its Secret', (t) => {
  const r = run(toolbox(['kubectl']), ['undeploy']);
  t.is(r.status, 0, r.stderr);
  t.deepEqual(r.calls, [
    'kubectl delete -k knative --ignore-not-found',
    'kubectl delete -k knative/migrate --ignore-not-found',
    'kubectl -n alerts-slm delete pingsource alerts-slm-assess-tick --ignore-not-found',
  ]);
  t.regex(r.stdout, /kept namespace alerts-slm and its Secret/);
});

test('make url prints the ingest URL kn reports', (t) => {
  const r = run(toolbox(['kn']), ['url']);
  t.is(r.status, 0, r.stderr);
  t.is(r.stdout, 'http://alerts-slm-ingest.alerts-slm.svc.cluster.local/\n');
  t.deepEqual(r.calls, ['kn service describe alerts-slm-ingest -n alerts-slm -o url']);
});

test('make send-test-alert replays the capture from a pod of the deployed image, with the token from the Secret', (t) => {
  const box = toolbox(['kubectl']);
  const alert = 'test/fixtures/alertmanager/0001-default-firing-1alert.json';
  const r = run(box, ['send-test-alert', `ALERT=${alert}`]);
  t.is(r.status, 0, r.stderr);
  const pod = r.calls.find((c) => c.includes(' run '));
  t.truthy(pod);
  t.true(pod?.includes('--image=registry.invalid/team/alerts-slm:0123abcd'), pod);
  t.true(
    pod?.includes(
      '/cnb/lifecycle/launcher node dist/cli.js replay /dev/stdin --to http://alerts-slm-ingest.alerts-slm.svc.cluster.local/ --token-file /var/run/secrets/alerts-slm/webhook-token',
    ),
    pod,
  );
  t.true(pod?.includes('"secretName":"alerts-slm"'));
  t.is(readFileSync(`${box.calls}.stdin`, 'utf8'), readFileSync(join(repoRoot, alert), 'utf8'));
});

test('the send-test-alert pod has a read-only root filesystem and an emptyDir at /tmp for the launcher to write to', (t) => {
  const pod = run(toolbox(['kubectl']), ['send-test-alert']).calls.find((c) => c.includes(' run '));
  const overrides = /--overrides=(\{.*\}) --command/.exec(pod ?? '')?.[1];
  t.truthy(overrides, pod);
  const template = JSON.parse(overrides ?? '{}') as PodTemplate;
  t.true(containerOf(template).securityContext?.readOnlyRootFilesystem);
  t.deepEqual(writableTmpProblems('the send-test-alert pod', template), []);
});

test('make logs refuses a function that does not exist and follows the one named', (t) => {
  const box = toolbox(['kubectl']);
  const bad = run(box, ['logs', 'FUNCTION=analyse']);
  t.not(bad.status, 0);
  t.regex(bad.stderr, /FUNCTION must be one of: ingest analyze execute assess dead-letter/);
  const r = run(box, ['logs', 'FUNCTION=analyze']);
  t.is(r.status, 0, r.stderr);
  t.is(
    r.calls.at(-1),
    'kubectl -n alerts-slm logs -f --tail=100 --prefix --max-log-requests=10 -c user-container -l serving.knative.dev/service=alerts-slm-analyze',
  );
});
