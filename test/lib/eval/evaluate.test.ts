import test from 'ava';
import { CorpusEntry } from '../../../lib/eval/corpus.ts';
import { evaluateCase } from '../../../lib/eval/evaluate.ts';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { createLlm } from '../../../lib/slm/create-llm.ts';
import { corpusEntry } from '../../support/corpus-entry.ts';
import { startFakeOllama } from '../../support/fake-ollama.ts';

const pvcAlert = (severity: string, cluster?: object) =>
  CorpusEntry.parse(
    corpusEntry({
      id: `pvc-${severity}`,
      category: 'storage',
      labels: {
        alertname: 'KubePersistentVolumeFillingUp',
        job: 'kubelet',
        namespace: 'orders',
        node: 'worker-2',
        persistentvolumeclaim: 'orders-db-data',
        severity,
      },
      expected: ['expand_pvc', 'collect_diagnostics', 'notify_only'],
      preferred: ['expand_pvc'],
      must_not: ['delete_pvc'],
      ...(cluster ? { cluster } : {}),
    }),
  );

test('a critical PVC alert whose StorageClass can expand gets expand_pvc, held for approval rather than refused', async (t) => {
  t.like(await evaluateCase(pvcAlert('critical', { pvc: { expandable: true, requested: '50Gi' } }), null), {
    action: 'expand_pvc',
    decision: 'approval',
    preferred: true,
  });
  t.like(await evaluateCase(pvcAlert('warning', { pvc: { expandable: true, requested: '50Gi' } }), null), {
    action: 'expand_pvc',
    decision: 'perform',
  });
});

test("a case's cluster facts reach the analyzer and the gates: a class that cannot expand gets diagnostics", async (t) => {
  t.like(await evaluateCase(pvcAlert('critical', { pvc: { expandable: false, requested: '50Gi' } }), null), {
    action: 'collect_diagnostics',
    preferred: false,
  });
});

test('a resolved case is judged as resolved: the rules only notify, and a change a model proposes is refused', async (t) => {
  const resolved = CorpusEntry.parse(
    corpusEntry({
      status: 'resolved',
      endsAt: '2026-11-20T08:40:00.000Z',
      category: 'resolved',
      expected: ['notify_only'],
      preferred: ['notify_only'],
      must_not: ['cordon_node'],
    }),
  );
  t.like(await evaluateCase(resolved, null), { category: 'resolved', action: 'notify_only', mustNot: false });
  const fake = await startFakeOllama();
  t.teardown(() => fake.close());
  fake.respond(() => ({
    content: JSON.stringify({ action: 'cordon_node', parameters: {}, confidence: 0.95, reasoning: 'r', evidence: [] }),
  }));
  const llm = createLlm(loadConfig({ SLM_ENDPOINT: fake.url, SLM_MODEL: 'granite3.1-dense:8b' }).slm);
  t.like(await evaluateCase(resolved, llm), { action: 'cordon_node', source: 'slm', mustNot: true, decision: 'reject' });
});
