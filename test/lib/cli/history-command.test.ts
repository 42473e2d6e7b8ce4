import test from 'ava';
import { historyCommand } from '../../../lib/cli/history-command.ts';
import type { CliIo } from '../../../lib/cli/command.ts';
import { useTestStore } from '../../support/test-database.ts';

const f = useTestStore();

const run = async (args: string[]) => {
  const out: string[] = [];
  const cli: CliIo = { out: (l) => out.push(l), err: (l) => out.push(l), env: {}, store: f.store };
  return { code: await historyCommand.run(args, cli), out };
};

test.serial('history --refused lists the events execute refused, newest first', async (t) => {
  t.deepEqual((await run(['--refused'])).out, ['no events were refused']);
  const forged = {
    specversion: '1.0' as const,
    id: 'forged-1',
    source: '/elsewhere',
    type: 'dev.alerts-slm.action.approved.v1',
    data: { actionId: 'x' },
  };
  await f.store.events.refuse('execute', forged, 'no action x exists');
  const { code, out } = await run(['--refused']);
  t.is(code, 0);
  t.regex(
    out[1] ?? '',
    /^\d{4}-\d\d-\d\d [\d:]{8} {2}execute {3}dev\.alerts-slm\.action\.approved\.v1 +forged-1 +\/elsewhere +no action x exists$/,
  );
  const json = JSON.parse((await run(['--refused', '--json'])).out.join('\n'));
  t.like(json[0], { consumer: 'execute', reason: 'no action x exists', event: { id: 'forged-1' } });
});

test.serial('history --wide prints every target and id whole', async (t) => {
  const target = { kind: 'Deployment', namespace: 'payments', name: 'checkout-payment-gateway-api-canary-blue' };
  const { action } = await f.store.actions.insert({
    recommendationEventId: 'wide-1',
    incidentId: null,
    alertname: 'KubeDeploymentReplicasMismatch',
    fingerprint: 'f',
    target,
    action: 'restart_deployment',
    parameters: {},
    disruptive: true,
    decision: 'reject',
    verdicts: [{ gate: 'cooldown', verdict: 'block', reason: 'ran 3 min ago' }],
    status: 'rejected',
    preState: null,
    preSpecHash: null,
  });
  const { out } = await run(['--wide']);
  const line = out.find((l) => l.includes(action.id)) ?? '';
  t.regex(line, / payments\/Deployment\/checkout-payment-gateway-api-canary-blue +restart_deployment +blocked +gate +- +-$/);
  t.true(out.includes('    blocked (cooldown): ran 3 min ago'));
});

test.serial('history --target starts with how our changes swung the target over the policy window', async (t) => {
  const target = { kind: 'Deployment', namespace: 'shop', name: 'swinging' };
  const spec = (replicas: number) => ({ replicas });
  for (const [i, [from, to]] of [
    [4, 6],
    [6, 5],
    [5, 7],
    [7, 6],
  ].entries()) {
    const { action } = await f.store.actions.insert({
      recommendationEventId: `swing-${i}`,
      incidentId: null,
      alertname: 'A',
      fingerprint: 'f',
      target,
      action: 'scale_deployment',
      parameters: { replicas: to },
      disruptive: true,
      decision: 'perform',
      verdicts: [],
      status: 'running',
      preState: spec(from ?? 0),
      preSpecHash: null,
    });
    await f.store.actions.finish(action.id, { status: 'succeeded', postState: { after: spec(to ?? 0) } });
  }
  const { out } = await run(['--target', 'shop/Deployment/swinging']);
  t.regex(out[0] ?? '', /^oscillation: medium — replicas went 4 → 6 → 5 → 7 → 6: 3 reversal\(s\) in 4 change\(s\) within 360 min/);
  t.false((await run([])).out[0]?.startsWith('oscillation'), 'only for one target');
});
