import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ENV_VARS } from '../../lib/config/env-vars.ts';
import { loadConfig } from '../../lib/config/load-config.ts';
import { Policy } from '../../lib/policy/policy-schema.ts';
import { loadReceiverExample } from '../support/alertmanager-example.ts';
import { environmentOf, envProblems, knativeDir, loadKnative, NAMESPACE, retryHorizon, withEdit, workloads } from './manifest-checks.ts';
import { parseIsoDuration } from '../../lib/domain/duration.ts';

const manifests = loadKnative();
const known = new Set(ENV_VARS.map((v) => v.name));
const secretTemplate = readFileSync(join(knativeDir, 'secret.example.yaml'), 'utf8');
const configMap = (name: string) =>
  manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === name)?.data as Record<string, string>;

/** Loads a workload's configuration the way its container would, reading mounted files from the manifests. */
const configFor = (ms: typeof manifests, name: string) => {
  const workload = workloads(ms).find((w) => w.name === name);
  if (!workload) throw new Error(`no workload ${name}`);
  const { env, files } = environmentOf(ms, workload.template);
  return loadConfig(env, (path) => {
    const text = files.get(path);
    if (text === undefined) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' });
    return text;
  });
};

test('every variable the manifests set is one the configuration knows, FUNCTION, or one Knative sets', (t) => {
  t.deepEqual(envProblems(manifests, known, secretTemplate), []);
});

test('a variable the configuration does not know is reported, in a Service or in the shared ConfigMap', (t) => {
  const inService = withEdit(manifests, 'Service', 'alerts-slm-analyze', (m) => {
    (m.spec as { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } }).template.spec.containers[0]?.env.push({
      name: 'SLM_TIMEOUTS',
      value: '5s',
    });
  });
  t.deepEqual(envProblems(inService, known, secretTemplate), [
    'Service alerts-slm-analyze sets SLM_TIMEOUTS, which lib/config/env-vars.ts does not know',
  ]);
  const inConfigMap = withEdit(manifests, 'ConfigMap', 'alerts-slm-config', (m) => {
    (m.data as Record<string, string>).OLLAMA_MODEL = 'granite';
  });
  const problems = envProblems(inConfigMap, known, secretTemplate);
  t.true(
    problems.length > 0 &&
      problems.every((p) => p === 'ConfigMap alerts-slm-config sets OLLAMA_MODEL, which lib/config/env-vars.ts does not know'),
  );
});

test('a Secret key no template line provides is reported', (t) => {
  const broken = withEdit(manifests, 'Service', 'alerts-slm-assess', (m) => {
    const env =
      (m.spec as { template: { spec: { containers: { env: { name: string; valueFrom?: unknown }[] }[] } } }).template.spec.containers[0]
        ?.env ?? [];
    env.push({ name: 'ALERTMANAGER_URL', valueFrom: { secretKeyRef: { name: 'alerts-slm', key: 'alertmanager-url' } } });
  });
  t.deepEqual(envProblems(broken, known, secretTemplate), [
    'Service alerts-slm-assess: ALERTMANAGER_URL reads key alertmanager-url of Secret alerts-slm, which the template neither sets nor documents as optional',
  ]);
});

test('each Service and the migration Job load a valid configuration from exactly what their manifests give them', (t) => {
  for (const { name } of workloads(manifests)) t.notThrows(() => configFor(manifests, name), name);
  const execute = configFor(manifests, 'Service alerts-slm-execute');
  t.true(execute.dryRun, 'a first deploy decides and records, and changes nothing');
  t.not(execute.database.url, null);
  t.is(configFor(manifests, 'Service alerts-slm-ingest').webhook.authToken?.reveal(), 'REPLACE-with-a-long-random-token');
  t.is(configFor(manifests, 'Service alerts-slm-analyze').slm.endpoint, 'http://ollama.ollama.svc.cluster.local:11434/');
});

test('a bad value in the shared ConfigMap stops start-up, naming the variable', (t) => {
  const broken = withEdit(manifests, 'ConfigMap', 'alerts-slm-config', (m) => {
    (m.data as Record<string, string>).SLM_TIMEOUT = 'soon';
  });
  t.throws(() => configFor(broken, 'Service alerts-slm-analyze'), { message: /SLM_TIMEOUT/ });
});

test('the analyze model budget fits the analyze Trigger with room for the reads and the store, and one call fits the budget', (t) => {
  const config = configFor(manifests, 'Service alerts-slm-analyze');
  const trigger = manifests.find((m) => m.metadata.name === 'analyze-alert-firing')?.spec as {
    delivery: Parameters<typeof retryHorizon>[0] & { timeout: string };
  };
  const timeoutMs = parseIsoDuration(trigger.delivery.timeout);
  t.true(config.slm.budgetMs + 20_000 <= timeoutMs, `SLM_BUDGET ${config.slm.budgetMs} ms in a ${timeoutMs} ms delivery`);
  t.true(config.slm.timeoutMs <= config.slm.budgetMs, 'one model call fits the budget');
  t.true(config.slm.timeoutMs >= 30_000, 'a small model on a CPU needs 20-30s per answer: the shipped timeout allows it');
});

test('a crashed consumer is retried after its claim lapses: every claim lease is far shorter than its Trigger retries', (t) => {
  const analyze = configFor(manifests, 'Service alerts-slm-analyze');
  const execute = configFor(manifests, 'Service alerts-slm-execute');
  const leases: Record<string, number> = {
    'analyze-alert-firing': analyze.analyze.claimLeaseMs,
    'execute-action-recommended': Math.max(execute.policy.lockLeaseMs, 120_000),
    'execute-action-approved': Math.max(execute.policy.lockLeaseMs, 120_000),
  };
  for (const [name, lease] of Object.entries(leases)) {
    const trigger = manifests.find((m) => m.kind === 'Trigger' && m.metadata.name === name)?.spec as {
      delivery: Parameters<typeof retryHorizon>[0];
    };
    const { totalMs } = retryHorizon(trigger.delivery);
    t.true(lease * 4 <= totalMs, `${name}: a lease of ${lease} ms against ${totalMs} ms of retries`);
  }
  t.true(analyze.analyze.claimLeaseMs >= analyze.slm.budgetMs + 30_000, 'a live analysis is never taken over');
});

test('the policy ConfigMap is a valid policy and shows exactly the built-in defaults', (t) => {
  const text = configMap('alerts-slm-policy')['policy.yaml'] ?? '';
  const parsed = Policy.safeParse(parseYaml(text));
  t.true(parsed.success, parsed.error?.message);
  t.deepEqual(parsed.data, Policy.parse({}));
});

test('a typo in the policy ConfigMap stops execute at start-up, naming the key', (t) => {
  const broken = withEdit(manifests, 'ConfigMap', 'alerts-slm-policy', (m) => {
    const data = m.data as Record<string, string>;
    data['policy.yaml'] = (data['policy.yaml'] ?? '').replace('maxReplicas: 20', 'maxReplica: 20');
  });
  t.throws(() => configFor(broken, 'Service alerts-slm-execute'), { message: /POLICY_FILE \S+: bounds: unknown key "maxReplica"/ });
});

test('the Secret template holds placeholders only', (t) => {
  const secret = manifests.find((m) => m.kind === 'Secret');
  const data = (secret?.stringData ?? {}) as Record<string, string>;
  t.deepEqual(Object.keys(data).sort(), ['database-url', 'mcp-database-url', 'mcp-token', 'slm-endpoint', 'webhook-token']);
  t.regex(data['mcp-token'] ?? '', /^REPLACE/);
  t.regex(data['webhook-token'] ?? '', /^REPLACE/);
  t.regex(new URL(data['database-url'] ?? '').password, /^REPLACE/);
  t.is(new URL(data['slm-endpoint'] ?? '').password, '');
});

test('the Alertmanager examples post to the cluster-local ingest with the Secret token and send resolutions', (t) => {
  const ingestUrl = `http://alerts-slm-ingest.${NAMESPACE}.svc.cluster.local/`;
  const plain = loadReceiverExample();
  const hook = plain.receivers.find((r) => r.name === 'alerts-slm')?.webhook_configs?.[0];
  t.deepEqual([hook?.url, hook?.send_resolved, hook?.max_alerts, plain.route.routes?.[0]?.continue], [ingestUrl, true, 0, true]);
  const amc = manifests.find((m) => m.kind === 'AlertmanagerConfig');
  const receiver = (
    amc?.spec as
      | {
          receivers: {
            webhookConfigs: {
              url: string;
              sendResolved: boolean;
              httpConfig: { authorization: { type: string; credentials: { name: string; key: string } } };
            }[];
          }[];
        }
      | undefined
  )?.receivers[0]?.webhookConfigs[0];
  t.is(receiver?.url, ingestUrl);
  t.true(receiver?.sendResolved);
  t.deepEqual(receiver?.httpConfig.authorization, { type: 'Bearer', credentials: { name: 'alerts-slm', key: 'webhook-token' } });
  t.is(amc?.metadata.namespace, NAMESPACE, 'an AlertmanagerConfig reads Secrets of its own namespace only');
});
