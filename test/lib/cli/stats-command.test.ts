import test from 'ava';
import type { CliIo } from '../../../lib/cli/command.ts';
import { statsCommand } from '../../../lib/cli/stats-command.ts';
import { ActionRecommended } from '../../../lib/events/action-recommended.ts';
import { ruleProvenance } from '../../../lib/slm/rule-provenance.ts';
import { recommendationInput } from '../../../lib/store/recommendations.ts';
import { alertFrom } from '../../support/alerts.ts';
import { useTestStore } from '../../support/test-database.ts';

const f = useTestStore();
const run = async (args: string[] = []) => {
  const out: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => out.push(l), env: {}, store: f.store };
  return { code: await statsCommand.run(args, io), out };
};

let n = 0;
// A recommendation predicted at `p`, performed, and assessed `outcome`.
const judged = async (p: number, outcome: 'effective' | 'ineffective' | 'inconclusive') => {
  const alert = alertFrom({ alertname: 'KubePodCrashLooping', namespace: 'shop', pod: `api-${++n}` });
  const { incident } = await f.store.incidents.fold({ dedupKey: `s-${n}`, alert, target: null, eventId: `e-${n}`, windowMs: 60_000 });
  const rec = ActionRecommended.create(
    {
      alert,
      incident: { id: incident.id, dedupKey: `s-${n}`, occurrences: 1 },
      target: null,
      action: 'restart_pod',
      parameters: {},
      confidence: 0.9,
      reasoning: 'r',
      evidence: [],
      provenance: ruleProvenance(),
      prediction: { successProbability: p, samples: 4 },
    },
    { id: `rec-${n}`, source: '/alerts-slm/analyze', time: new Date() },
  );
  await f.store.recommendations.insert(recommendationInput(rec, null));
  const { action } = await f.store.actions.insert({
    recommendationEventId: rec.id,
    incidentId: incident.id,
    alertname: alert.alertname,
    fingerprint: alert.fingerprint,
    target: null,
    action: 'restart_pod',
    parameters: {},
    disruptive: true,
    decision: 'perform',
    verdicts: [],
    status: 'running',
    preState: null,
    preSpecHash: null,
  });
  await f.store.actions.finish(action.id, { status: 'succeeded' });
  const s = await f.store.assessments.schedule(action.id, new Date(), new Date());
  await f.store.assessments.save(s.id, {
    outcome,
    score: outcome === 'effective' ? 1 : 0,
    resolved: null,
    factors: [],
    baselineRate: null,
    reasoning: 'seeded',
  });
};

test.serial('stats shows how well predictions matched outcomes: by bucket and as a Brier score (inconclusive left out)', async (t) => {
  t.true(
    (await run()).out.includes('predictions: none judged yet (each changing action is predicted when recommended, checked when assessed)'),
  );
  await judged(0.9, 'effective');
  await judged(0.9, 'ineffective');
  await judged(0.3, 'ineffective');
  await judged(0.3, 'inconclusive');
  const { code, out } = await run();
  t.is(code, 0);
  t.true(
    out.includes('predictions vs outcomes: 3 judged, Brier score 0.303 (0 is perfect; always saying 50% scores 0.250)'),
    out.join('\n'),
  );
  t.true(out.includes('20%-40%       1   30%     0%'));
  t.true(out.includes('80%-100%      2   90%    50%'));
  const json = JSON.parse((await run(['--json'])).out.join('\n'));
  t.like(json.predictions, { count: 3, brierScore: 0.303 });
});
