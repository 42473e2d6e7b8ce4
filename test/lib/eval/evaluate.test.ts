import test from 'ava';
import { CorpusEntry } from '../../../lib/eval/corpus.ts';
import { evaluateCase } from '../../../lib/eval/evaluate.ts';
import { corpusEntry } from '../../support/corpus-entry.ts';

const pvcAlert = (severity: string, cluster?: object) =>
  CorpusEntry.parse(corpusEntry({
    id: `pvc-${severity}`,
    category: 'storage',
    labels: { alertname: 'KubePersistentVolumeFillingUp', job: 'kubelet', namespace: 'orders', node: 'worker-2', persistentvolumeclaim: 'orders-db-data', severity },
    expected: ['expand_pvc', 'collect_diagnostics', 'notify_only'],
    preferred: ['expand_pvc'],
    must_not: ['delete_pvc'],
    ...(cluster ? { cluster } : {}),
  }));

test("a case's cluster facts reach the analyzer and the gates: a class that cannot expand gets diagnostics", async (t) => {
  t.like(await evaluateCase(pvcAlert('critical', { pvc: { expandable: false, requested: '50Gi' } }), null), { action: 'collect_diagnostics', preferred: false });
});
