import test, { type ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stop } from '../../../lib/cli/bench/processes.ts';
import { container, deployment, kubeSettingsFor, podOf } from '../../support/cluster-fixture.ts';
import { startFakeKubeApi } from '../../support/fake-kube-api.ts';
import { ALERTMANAGER_FIXTURES } from '../../support/fixtures.ts';
import { CLI, startRun } from '../../support/local-run.ts';

const cli = CLI;

test.serial('a second run on the same DATA_DIR is refused with a message naming the first, which keeps running', async (t) => {
  t.timeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'alerts-slm-run-'));
  const first = await startRun({ DATA_DIR: dataDir, WEBHOOK_PORT: String(await freePort()) });
  t.teardown(() => stop(first.child));
  const second = spawnSync(process.execPath, [cli, 'run'], {
    encoding: 'utf8',
    env: { ...process.env, SLM_PROVIDER: 'none', DATA_DIR: dataDir, WEBHOOK_PORT: String(await freePort()) },
  });
  t.is(second.status, 1);
  t.regex(second.stderr, new RegExp(`is in use by another alerts-slm run \\(pid ${first.child.pid}\\)`));
  t.is(first.child.exitCode, null);
  // The first still answers its commands (they run inside it).
  const history = spawnSync(process.execPath, [cli, 'history', '--json'], { encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir } });
  t.is(history.status, 0, history.stderr);
  t.deepEqual(JSON.parse(history.stdout), []);
});

test.serial('the start-up banner names the model endpoint without the credentials in it', async (t) => {
  t.timeout(120_000);
  const run = await startRun({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'alerts-slm-run-')),
    WEBHOOK_PORT: String(await freePort()),
    SLM_PROVIDER: 'ollama',
    SLM_ENDPOINT: 'http://alice:s3cret@127.0.0.1:9/',
  });
  t.teardown(() => stop(run.child));
  t.false(run.stderr().includes('s3cret'));
  t.regex(run.stderr(), /http:\/\/\[redacted\]@127\.0\.0\.1:9/);
});

// The cluster `make run` acts on must be named: KUBECONFIG (or KUBE_CONTEXT), and changes need DRY_RUN=false.
const withFake = async (t: ExecutionContext) => {
  const fake = await startFakeKubeApi();
  t.teardown(() => fake.close());
  fake.add(deployment('shop-prod', 'checkout-api'));
  podOf(fake, 'shop-prod', 'checkout-api', 'x2x8q', { restarts: 4, reason: 'CrashLoopBackOff' });
  return { fake, kubeconfig: String(kubeSettingsFor(fake).kubeconfig) };
};
const replayCapture = (webhookUrl: string, dataDir: string) =>
  spawnSync(
    process.execPath,
    [
      cli,
      'replay',
      join(ALERTMANAGER_FIXTURES, '0032-default-firing-3alerts.json'),
      '--to',
      webhookUrl,
      '--token-file',
      join(dataDir, 'webhook-token'),
    ],
    { encoding: 'utf8' },
  );

test.serial('with KUBECONFIG unset, make run uses no cluster at all, even when ~/.kube/config points at one', async (t) => {
  t.timeout(120_000);
  const { fake, kubeconfig } = await withFake(t);
  const home = mkdtempSync(join(tmpdir(), 'home-'));
  mkdirSync(join(home, '.kube'));
  copyFileSync(kubeconfig, join(home, '.kube', 'config'));
  const dataDir = mkdtempSync(join(tmpdir(), 'alerts-slm-run-'));
  const port = await freePort();
  const run = await startRun({ DATA_DIR: dataDir, WEBHOOK_PORT: String(port), HOME: home, KUBECONFIG: '', DRY_RUN: 'false' });
  t.teardown(() => stop(run.child));
  t.regex(run.stderr(), /cluster: none named \(set KUBECONFIG, or KUBE_CONTEXT for ~\/\.kube\/config\)/);
  t.is(replayCapture(`http://127.0.0.1:${port}/`, dataDir).status, 0);
  await new Promise((r) => setTimeout(r, 3000));
  t.deepEqual(
    fake.requests.map((r) => `${r.method} ${r.path}`),
    [],
  );
});

test.serial('the banner names the cluster, its context and version, and says whether changes are live', async (t) => {
  t.timeout(120_000);
  const { kubeconfig } = await withFake(t);
  for (const [dryRun, mode] of [
    ['', /changes are a DRY RUN \(set DRY_RUN=false to act on it\)/],
    ['false', /changes are LIVE \(DRY_RUN=false\), within the policy/],
  ] as const) {
    const run = await startRun({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'alerts-slm-run-')),
      WEBHOOK_PORT: String(await freePort()),
      KUBECONFIG: kubeconfig,
      DRY_RUN: dryRun,
    });
    await stop(run.child);
    t.regex(run.stderr(), /cluster: https?:\/\/127\.0\.0\.1:\d+ \(context [^)]+\) answers, Kubernetes v1\.\d+/);
    t.regex(run.stderr(), mode);
  }
});

test.serial('a named cluster that does not answer is said so before the pipeline says it is running', async (t) => {
  t.timeout(120_000);
  const { fake, kubeconfig } = await withFake(t);
  const dead = join(mkdtempSync(join(tmpdir(), 'kubeconfig-')), 'config');
  const port = new URL(fake.url).port;
  writeFileSync(dead, readFileSync(kubeconfig, 'utf8').replaceAll(`:${port}`, `:${await freePort()}`));
  const run = await startRun({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'alerts-slm-run-')),
    WEBHOOK_PORT: String(await freePort()),
    KUBECONFIG: dead,
    KUBE_TIMEOUT: '2s',
  });
  await stop(run.child);
  const text = run.stderr();
  t.regex(text, /did NOT answer \/version \(ECONNREFUSED\)/);
  t.true(text.indexOf('did NOT answer') < text.indexOf('alerts-slm is running'));
});

test.serial(
  'KUBE_CONTEXT picks a context of ~/.kube/config, and without DRY_RUN=false a replay changes nothing there but Events',
  async (t) => {
    t.timeout(120_000);
    const { fake, kubeconfig } = await withFake(t);
    // One container, named as the alerts name it, so that a change is decided and reaches execute.
    const api = deployment('shop-prod', 'checkout-api');
    api.spec.template.spec.containers = [container('api', '512Mi', '500m')];
    fake.add(api);
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    mkdirSync(join(home, '.kube'));
    // The file's current context is another cluster (nothing listens there): only KUBE_CONTEXT leads to the fake.
    const yaml = readFileSync(kubeconfig, 'utf8');
    const elsewhere = yaml.replace('current-context: fake', 'current-context: elsewhere');
    const withOther = elsewhere.replace(
      /contexts:\n/,
      'contexts:\n  - name: elsewhere\n    context:\n      cluster: nowhere\n      user: fake-user\n',
    );
    const kubeDir = join(home, '.kube');
    writeFileSync(
      join(kubeDir, 'config'),
      withOther.replace(/clusters:\n/, `clusters:\n  - name: nowhere\n    cluster:\n      server: http://127.0.0.1:${await freePort()}\n`),
    );
    const dataDir = mkdtempSync(join(tmpdir(), 'alerts-slm-run-'));
    const port = await freePort();
    const run = await startRun({
      DATA_DIR: dataDir,
      WEBHOOK_PORT: String(port),
      HOME: home,
      KUBECONFIG: '',
      KUBE_CONTEXT: 'fake',
      DRY_RUN: '',
    });
    t.teardown(() => stop(run.child));
    t.regex(run.stderr(), /cluster: https?:\/\/127\.0\.0\.1:\d+ \(context fake\) answers/);
    t.regex(run.stderr(), /changes are a DRY RUN/);
    t.is(replayCapture(`http://127.0.0.1:${port}/`, dataDir).status, 0);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !fake.mutations().some((r) => r.path.includes('/events'))) await new Promise((r) => setTimeout(r, 200));
    const mutations = fake.mutations().map((r) => `${r.method} ${r.path}`);
    t.true(
      mutations.some((m) => /^POST \/api\/v1\/namespaces\/shop-prod\/events/.test(m)),
      `a "would have done" Event among: ${mutations.join(', ')}`,
    );
    t.deepEqual(
      mutations.filter((m) => !m.includes('/events')),
      [],
    );
  },
);
