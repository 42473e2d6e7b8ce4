import test from 'ava';
import { plannedChange } from '../../../lib/approvals/planned-change.ts';
import { pendingLines } from '../../../lib/cli/pending-table.ts';
import type { ActionRecord } from '../../../lib/domain/records.ts';

const now = new Date('2026-11-27T01:00:00Z');
const action = (over: Partial<ActionRecord> = {}): ActionRecord => ({
  id: 'a1',
  recommendationEventId: 'r1',
  incidentId: 'i1',
  alertname: 'KubeContainerOOMKilled',
  fingerprint: 'f',
  target: { kind: 'Deployment', namespace: 'payments', name: 'api' },
  action: 'increase_resources',
  parameters: { resource: 'memory', increase_percent: 50 },
  disruptive: true,
  decision: 'approval',
  verdicts: [
    { gate: 'mode', verdict: 'approval', reason: "the policy's mode for payments at severity critical is approval" },
    { gate: 'cooldown', verdict: 'pass', reason: 'ok' },
  ],
  status: 'approval_required',
  preState: null,
  preSpecHash: null,
  postSpecHash: null,
  startedAt: new Date('2026-11-27T00:48:00Z'),
  finishedAt: null,
  error: null,
  decidedBy: null,
  decidedAt: null,
  assessment: null,
  postState: {
    planned: {
      summary: 'memory 512Mi → 768Mi on container api (request and limit, +50%)',
      wouldSend: ['PATCH …'],
      at: '2026-11-27T00:48:00.123Z',
    },
  },
  ...over,
});

test('a waiting action shows the exact change as planned, how long it waited and until when, and why it waits', (t) => {
  t.deepEqual(pendingLines([action()], [], now, 3_600_000), [
    'waiting for approval (1):',
    'a1  increase_resources on payments/Deployment/api for KubeContainerOOMKilled, waiting 12 min (expires in 48 min)',
    '    change: memory 512Mi → 768Mi on container api (request and limit, +50%) (as planned at 2026-11-27 00:48:00 UTC; planned again when approved)',
    "    why it waits (mode): the policy's mode for payments at severity critical is approval",
  ]);
});

test('a change that could not be known says unknown, why, and the parameters', (t) => {
  t.is(
    plannedChange(action({ postState: { planned: null, note: 'no cluster access: the exact change cannot be computed' } })),
    'unknown: no cluster access: the exact change cannot be computed (parameters: resource=memory, increase_percent=50)',
  );
  t.is(
    plannedChange(action({ postState: null })),
    'unknown: not planned when it was decided (parameters: resource=memory, increase_percent=50)',
  );
});

test('one that waited past the approval time says approving will expire it', (t) => {
  t.regex(
    pendingLines([action({ startedAt: new Date('2026-11-26T23:30:00Z') })], [], now, 3_600_000)[1] ?? '',
    /waiting 1 h 30 min \(waited past 1 h: approving it will expire it\)$/,
  );
});

test('approved actions not carried out yet are listed apart, with who approved them and how to wake execute', (t) => {
  const yes = action({ id: 'a2', status: 'approved', decidedBy: 'dave', decidedAt: new Date('2026-11-27T00:58:00Z') });
  t.deepEqual(pendingLines([], [yes], now, 3_600_000), [
    'nothing is waiting for approval',
    '',
    'approved, not carried out yet (1):',
    'a2  increase_resources on payments/Deployment/api for KubeContainerOOMKilled, approved by dave 2 min ago',
    '    change: memory 512Mi → 768Mi on container api (request and limit, +50%) (as planned at 2026-11-27 00:48:00 UTC; planned again when approved)',
    '    execute has not carried it out: make run wakes it when it starts; on a cluster, alerts-slm approve a2 wakes it again',
  ]);
});
