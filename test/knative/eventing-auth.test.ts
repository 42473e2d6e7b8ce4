import test from 'ava';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config/load-config.ts';
import type { Manifest } from '../../lib/broker/knative-manifests.ts';
import { containerOf, environmentOf, functionOf, knativeServices, loadKnative, repoRoot, templateOf, withEdit } from './manifest-checks.ts';
import { renderOverlay } from './overlay.ts';
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { onPath } from '../support/on-path.ts';

// The opt-in overlay overlays/eventing-auth: who may send to the Broker, and to each function. It cannot run here
// (no cluster), so its objects are checked against each other: every sender a function accepts is a Trigger that
// delivers to it, with the audience the function expects, and every publisher may send to the Broker.
const OVERLAY = join(repoRoot, 'overlays', 'eventing-auth');
const base = loadKnative();
const rendered = renderOverlay(OVERLAY, base);
const NAMESPACE = 'alerts-slm';
const triggerIdentity = (trigger: string) => `system:serviceaccount:${NAMESPACE}:${trigger}-oidc-eventing.knative.dev-trigger`;

const problems = (ms: readonly Manifest[]): string[] => {
  const out: string[] = [];
  const services = knativeServices(ms);
  const byFunction = new Map(services.map((s) => [functionOf(s), s]));
  const triggers = ms.filter((m) => m.kind === 'Trigger') as (Manifest & {
    spec: { subscriber: { ref: { name: string }; audience?: string }; delivery?: { deadLetterSink?: { audience?: string } } };
  })[];
  const envOf = (s: Manifest) => Object.fromEntries((containerOf(templateOf(s)).env ?? []).map((e) => [e.name, e.value ?? '']));
  for (const s of services) {
    const env = envOf(s);
    const fn = functionOf(s) ?? '';
    const delivering = triggers.filter((t) => t.spec.subscriber.ref.name === s.metadata.name);
    const dead = fn === 'dead-letter' ? triggers.filter((t) => t.spec.delivery?.deadLetterSink) : [];
    const expected = [...delivering, ...dead].map((t) => triggerIdentity(t.metadata.name)).sort();
    if (expected.length === 0) continue;
    const senders = (env.EVENT_AUTH_SENDERS ?? '').split(',').filter(Boolean).sort();
    if (JSON.stringify(senders) !== JSON.stringify(expected))
      out.push(`${s.metadata.name} accepts ${senders.join(', ') || 'nobody'}; the Triggers delivering to it are ${expected.join(', ')}`);
    if (env.EVENT_AUTH_REQUIRED !== 'true') out.push(`${s.metadata.name} does not require a sender token`);
    for (const t of delivering)
      if (t.spec.subscriber.audience !== env.EVENT_AUTH_AUDIENCE)
        out.push(
          `Trigger ${t.metadata.name} delivers with audience ${t.spec.subscriber.audience}; ${s.metadata.name} expects ${env.EVENT_AUTH_AUDIENCE}`,
        );
    for (const t of dead)
      if (t.spec.delivery?.deadLetterSink?.audience !== env.EVENT_AUTH_AUDIENCE)
        out.push(
          `Trigger ${t.metadata.name} dead-letters with audience ${t.spec.delivery?.deadLetterSink?.audience}; ${s.metadata.name} expects ${env.EVENT_AUTH_AUDIENCE}`,
        );
  }
  const policy = ms.find((m) => m.kind === 'EventPolicy') as (Manifest & { spec: { from: { sub?: string }[] } }) | undefined;
  const allowed = new Set((policy?.spec.from ?? []).flatMap((f) => (f.sub ? [f.sub] : [])));
  for (const fn of ['ingest', 'assess', 'dead-letter']) {
    const s = byFunction.get(fn);
    const account = templateOf(s as Manifest).spec?.serviceAccountName;
    if (!envOf(s as Manifest).BROKER_TOKEN_FILE) out.push(`${fn} publishes to the Broker without a token`);
    if (!allowed.has(`system:serviceaccount:${NAMESPACE}:${account}`))
      out.push(`the Broker's EventPolicy does not let ${fn} (${account}) send`);
  }
  for (const replier of ['analyze-alert-firing', 'execute-action-recommended', 'execute-action-approved']) {
    if (!allowed.has(triggerIdentity(replier)))
      out.push(`the Broker's EventPolicy does not let Trigger ${replier} send its subscriber's replies`);
  }
  if (!allowed.has(`system:serviceaccount:${NAMESPACE}:alerts-slm-cli`))
    out.push("the Broker's EventPolicy does not let the CLI send approvals");
  return out;
};

test('every function accepts deliveries from exactly the Triggers that route to it, with the audience it expects', (t) => {
  t.deepEqual(problems(rendered), []);
});

test('the Broker takes events from ingest, assess, the dead-letter sink, the CLI and the replying Triggers', (t) => {
  const policy = rendered.find((m) => m.kind === 'EventPolicy');
  t.like(policy?.spec, { to: [{ ref: { kind: 'Broker', name: 'alerts-slm' } }] });
});

test('a function that would refuse one of its Triggers, or a publisher the Broker would refuse, is reported', (t) => {
  const narrowed = withEdit(rendered, 'Service', 'alerts-slm-execute', (m) => {
    const env = containerOf(templateOf(m)).env ?? [];
    const senders = env.find((e) => e.name === 'EVENT_AUTH_SENDERS');
    if (senders) senders.value = triggerIdentity('execute-action-recommended');
  });
  t.deepEqual(problems(narrowed), [
    `alerts-slm-execute accepts ${triggerIdentity('execute-action-recommended')}; the Triggers delivering to it are ${[triggerIdentity('execute-action-approved'), triggerIdentity('execute-action-recommended')].join(', ')}`,
  ]);
  const unlisted = withEdit(rendered, 'EventPolicy', 'alerts-slm-broker', (m) => {
    const spec = m.spec as { from: { sub?: string }[] };
    spec.from = spec.from.filter((f) => f.sub !== 'system:serviceaccount:alerts-slm:alerts-slm-ingest');
  });
  t.deepEqual(problems(unlisted), ["the Broker's EventPolicy does not let ingest (alerts-slm-ingest) send"]);
});

test('each patched Service still loads its configuration, with the sender check and the publisher token set', (t) => {
  for (const s of knativeServices(rendered)) {
    const { env, files } = environmentOf(rendered, templateOf(s));
    const config = loadConfig(env, (path) => files.get(path) ?? '');
    if (!['ingest', 'mcp'].includes(functionOf(s) ?? '')) t.truthy(config.eventAuth.audience, s.metadata.name);
    if (['ingest', 'assess', 'dead-letter'].includes(functionOf(s) ?? '')) t.truthy(config.broker.tokenFile, s.metadata.name);
  }
});

// kustomize refuses an overlay that lives inside its base's directory (a cycle); so the overlay is a sibling of
// knative/, and the real `kubectl kustomize` renders what the checks above read.
(onPath(['kubectl']) ? test : test.skip)(
  'kubectl kustomize renders the overlay as these checks read it: the same senders, audiences and tokens',
  (t) => {
    const run = spawnSync('kubectl', ['kustomize', OVERLAY], { encoding: 'utf8', timeout: 60_000 });
    t.is(run.status, 0, run.stderr);
    const real = parseAllDocuments(run.stdout).map((d) => d.toJS() as Manifest);
    const key = (m: Manifest) => `${m.kind}/${m.metadata.name}`;
    const ours = new Map(rendered.map((m) => [key(m), m]));
    const compared = real.filter((m) => ['Service', 'Trigger', 'EventPolicy', 'ServiceAccount'].includes(m.kind));
    t.true(compared.length >= 12, `${compared.length} objects`);
    for (const m of compared) {
      t.is(m.metadata.namespace, NAMESPACE, key(m));
      const mine = ours.get(key(m));
      if (!mine) {
        t.fail(`${key(m)} is not in the rendering the checks read`);
        continue;
      }
      if (m.kind === 'Service') t.deepEqual(containerOf(templateOf(m)).env, containerOf(templateOf(mine)).env, key(m));
      else t.deepEqual((m as { spec?: unknown }).spec, (mine as { spec?: unknown }).spec, key(m));
    }
  },
);
