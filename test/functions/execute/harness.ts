import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { makeHandler } from '../../../functions/execute/handler.ts';
import { executeMetrics } from '../../../functions/execute/metrics.ts';
import type { ActionName } from '../../../lib/domain/action-name.ts';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { Secret } from '../../../lib/config/secret.ts';
import { ActionRecommended } from '../../../lib/events/action-recommended.ts';
import type { ResolvedTarget } from '../../../lib/domain/target.ts';
import { ActionExecuted } from '../../../lib/events/action-executed.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { createCluster } from '../../../lib/kube/create-cluster.ts';
import { createNotifier } from '../../../lib/notify/notifier.ts';
import { Policy } from '../../../lib/policy/policy-schema.ts';
import { silentLogger } from '../../../lib/runtime/logger.ts';
import type { Store } from '../../../lib/store/store.ts';
import { alertFrom } from '../../support/alerts.ts';
import { kubeSettingsFor } from '../../support/cluster-fixture.ts';
import type { FakeKubeApi } from '../../support/fake-kube-api.ts';
import { ruleProvenance } from '../../../lib/slm/rule-provenance.ts';
import { recommendationInput } from '../../../lib/store/recommendations.ts';

/** A webhook receiver that records every notification body. */
export const startHookSink = async () => {
  const bodies: { path: string; body: any }[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      bodies.push({ path: req.url ?? '/', body: JSON.parse(text) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    bodies,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
};

// Generous capacity limits, so tests of one action do not spend each other's budgets (those gates have their own tests).
const TEST_POLICY = { blastRadius: { perNamespace: 50, perCluster: 500 }, rateSpike: { maxActions: 500 }, maxConcurrentActions: 50 };

/** execute wired to the fake API server, a store and a notification sink. */
export const executeHarness = (
  fake: FakeKubeApi,
  store: Store,
  hookUrl: string,
  options: { policy?: Record<string, unknown>; dryRun?: boolean; noCluster?: boolean; registry?: Registry } = {},
) => {
  const config = loadConfig({});
  const kube = options.noCluster ? { ...kubeSettingsFor(fake), kubeconfig: '/nonexistent/kubeconfig' } : kubeSettingsFor(fake);
  const metrics = executeMetrics(options.registry ?? new Registry());
  return makeHandler({
    store,
    cluster: createCluster(kube, 'alerts-slm-execute', metrics.kubernetes),
    notifier: createNotifier({
      webhookUrl: new Secret(`${hookUrl}/generic`),
      slackWebhookUrl: new Secret(`${hookUrl}/slack`),
      timeoutMs: 2000,
    }),
    policy: Policy.parse({ ...TEST_POLICY, ...options.policy }),
    dryRun: options.dryRun ?? false,
    assess: config.assess,
    config,
    claimLeaseMs: 60_000,
    metrics,
    now: () => new Date(),
  });
};

export const log = silentLogger();
let n = 0;

/** A recommendation as analyze would send it, with its alert and incident in the store, stored as analyze stores it. */
export const recommendation = async (
  store: Store,
  action: ActionName,
  target: Omit<ResolvedTarget, 'verified' | 'via'> | null,
  options: { parameters?: Record<string, unknown>; confidence?: number; severity?: string; resolved?: boolean } = {},
): Promise<CloudEventEnvelope> => {
  const alert = alertFrom({
    alertname: 'TestAlert',
    severity: options.severity ?? 'warning',
    namespace: target?.namespace ?? 'cluster',
    uniq: String(++n),
  });
  await store.alerts.upsert(options.resolved ? { ...alert, status: 'resolved', endsAt: new Date().toISOString() } : alert);
  const { incident } = await store.incidents.fold({ dedupKey: `test-${n}`, alert, target, eventId: `ev-${n}`, windowMs: 3_600_000 });
  const event = ActionRecommended.create(
    {
      alert,
      incident: { id: incident.id, dedupKey: incident.dedupKey, occurrences: 1 },
      target: target ? { ...target, verified: true, via: 'owner-chain' } : null,
      action,
      parameters: options.parameters ?? {},
      confidence: options.confidence ?? 0.9,
      reasoning: 'test reasoning',
      evidence: [],
      provenance: ruleProvenance(),
    },
    { id: `rec-${n}-${Math.random().toString(16).slice(2)}`, source: '/alerts-slm/analyze', time: new Date() },
  );
  await store.recommendations.insert(recommendationInput(event, null));
  return event;
};

/** The executed event's data. */
export const executedData = (reply: CloudEventEnvelope | undefined) => ActionExecuted.parse(reply).data;
