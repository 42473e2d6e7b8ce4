import { Registry } from 'prom-client';
import { makeHandler as makeAnalyze } from '../../../functions/analyze/handler.ts';
import { analyzeMetrics } from '../../../functions/analyze/metrics.ts';
import { makeHandler as makeExecute } from '../../../functions/execute/handler.ts';
import { executeMetrics } from '../../../functions/execute/metrics.ts';
import { normalizeStandaloneAlert } from '../../alertmanager/normalize.ts';
import { loadConfig } from '../../config/load-config.ts';
import { AlertFiring, alertEventId, type AlertData } from '../../events/alert-events.ts';
import { createCluster } from '../../kube/create-cluster.ts';
import { noClusterReads } from '../../kube/no-cluster.ts';
import { createNotifier } from '../../notify/notifier.ts';
import { silentLogger } from '../../runtime/logger.ts';
import type { Llm } from '../../slm/llm.ts';
import { countingDriver } from '../../store/counting-driver.ts';
import { createStore } from '../../store/create-store.ts';
import { migrate } from '../../store/migrate.ts';
import { createPgliteDriver } from '../../store/pglite-driver.ts';

const alert = (pod: string): AlertData =>
  normalizeStandaloneAlert({ status: 'firing', labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod, severity: 'warning' }, annotations: {}, startsAt: new Date().toISOString(), fingerprint: pod }, 'bench');
// Pod name suffixes in Kubernetes' generated-name alphabet, so each is a distinct pod of one Deployment.
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';
const suffix = (n: number) => Array.from({ length: 5 }, (_, i) => SAFE[Math.floor(n / SAFE.length ** i) % SAFE.length]).join('');
const firing = (a: AlertData) => AlertFiring.create({ ...a, status: 'firing' }, { id: alertEventId(a), source: '/alerts-slm/ingest', time: new Date() });

/** Deterministic costs, not timings: statements per step on the real handlers, and model calls for an alert storm. */
export const stepCosts = async (): Promise<string[]> => {
  const driver = countingDriver(await createPgliteDriver({}));
  await migrate(driver);
  const store = createStore(driver);
  let modelCalls = 0;
  // A model port that counts calls and answers at once: what is measured is our pipeline, not a model.
  const llm: Llm = { provider: 'ollama', model: 'bench', chat: async () => (modelCalls++, { content: JSON.stringify({ action: 'collect_diagnostics', parameters: {}, confidence: 0.9, reasoning: 'bench', evidence: [] }), model: 'bench', modelDigest: null, promptTokens: 1, completionTokens: 1 }) };
  const log = silentLogger();
  const analyze = makeAnalyze({ store, cluster: noClusterReads(), llm, dedupWindowMs: 1_800_000, declinedHoldMs: 14_400_000, oscillation: { windowMs: 21_600_000, approvalAt: 2, blockAt: 4 }, cacheTtlMs: 300_000, claimLeaseMs: 60_000, metrics: analyzeMetrics(new Registry()), now: () => new Date() });
  const config = loadConfig({ KUBECONFIG: '/nonexistent' });
  const execute = makeExecute({ store, cluster: createCluster(config.kube, 'bench'), notifier: createNotifier(config.notify), policy: config.policy, dryRun: false, assess: config.assess, config, claimLeaseMs: 60_000, metrics: executeMetrics(new Registry()), now: () => new Date() });

  driver.reset();
  const reply = await analyze(firing(alert('api-7c9d5b8f6-bcdfg')), { log });
  const opening = driver.statements;
  driver.reset();
  await analyze(firing(alert('api-7c9d5b8f6-hjklm')), { log });
  const folded = driver.statements;
  driver.reset();
  await execute(reply as never, { log });
  const executeStep = driver.statements;

  modelCalls = 0;
  const started = performance.now();
  for (let i = 0; i < 1000; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, j) => analyze(firing(alert(`storm-7c9d5b8f6-${suffix(i + j)}`)), { log })));
  }
  const stormMs = performance.now() - started;
  await driver.close();
  return [
    `statements per analyze step: ${opening} when it opens an incident (model call, recommendation stored), ${folded} when the alert folds into an open one`,
    `statements per execute step: ${executeStep} (a diagnostics action without cluster access: gates, lock, record, reply)`,
    `alert storm: 1000 firing alerts for one workload → ${modelCalls} model call(s), ${Math.round(stormMs)} ms on PGlite (in memory)`,
  ];
};
