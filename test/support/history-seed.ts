import type { Store } from '../../lib/store/store.ts';
import type { SqlDriver } from '../../lib/store/sql.ts';
import { alertFrom } from './alerts.ts';

/** A workload's spec as execute snapshots it: replicas and its container's requests. */
const spec = (replicas: number, memory = '512Mi') => ({
  replicas,
  template: { spec: { containers: [{ name: 'api', resources: { requests: { memory, cpu: '500m' } } }] } },
});

/**
 * The history a week of alerts leaves on shop/Deployment/api, `at` minutes before `now`: replicas swung 4 → 6 → 5 → 7
 * (each scale assessed), a restart a gate blocked, and a memory increase waiting for a person; plus HighCPUUsage
 * incidents elsewhere that cleared on their own (the no-action baseline).
 */
export const seedHistory = async (store: Store, driver: SqlDriver, now: Date): Promise<{ pendingId: string; scaleIds: string[] }> => {
  const target = { kind: 'Deployment', namespace: 'shop', name: 'api' };
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  const act = async (m: number, input: Partial<Parameters<Store['actions']['insert']>[0]> & { action: string }) => {
    const alert = alertFrom({ alertname: 'HighCPUUsage', severity: 'warning', namespace: 'shop', deployment: 'api', uniq: `seed-${m}` });
    await store.alerts.upsert(alert);
    const { incident } = await store.incidents.fold({ dedupKey: `seed-${m}`, alert, target, eventId: `seed-ev-${m}`, windowMs: 60_000 });
    const { action } = await store.actions.insert({
      recommendationEventId: `seed-rec-${m}`,
      incidentId: incident.id,
      alertname: 'HighCPUUsage',
      fingerprint: alert.fingerprint,
      target,
      parameters: {},
      disruptive: true,
      decision: 'perform',
      verdicts: [],
      status: 'running',
      preState: null,
      preSpecHash: null,
      ...input,
    });
    await driver.query('UPDATE actions SET started_at = $2 WHERE id = $1', [action.id, minutesAgo(m)]);
    return action;
  };
  const scaleIds: string[] = [];
  for (const [m, from, to, outcome] of [
    [100, 4, 6, 'effective'],
    [80, 6, 5, 'ineffective'],
    [60, 5, 7, 'effective'],
  ] as const) {
    const verdicts = [{ gate: 'bounds', verdict: 'pass' as const, reason: `${to} replicas is within the bounds` }];
    const a = await act(m, {
      action: 'scale_deployment',
      parameters: { replicas: to },
      verdicts,
      preState: spec(from),
      preSpecHash: `h${from}`,
    });
    await store.actions.finish(a.id, {
      status: 'succeeded',
      postState: { summary: `scale Deployment api from ${from} to ${to} replicas`, after: spec(to) },
      postSpecHash: `h${to}`,
    });
    const s = await store.assessments.schedule(a.id, minutesAgo(m - 5), minutesAgo(m - 30));
    await store.assessments.save(s.id, {
      outcome,
      score: outcome === 'effective' ? 0.9 : 0.2,
      resolved: outcome === 'effective',
      factors: [],
      baselineRate: 0.5,
      reasoning: `scale_deployment was ${outcome}`,
    });
    scaleIds.push(a.id);
  }
  const cooldown = {
    gate: 'cooldown',
    verdict: 'block' as const,
    reason: 'restart_deployment ran on this target 10 min ago; the cooldown is 30 min',
  };
  await act(40, { action: 'restart_deployment', decision: 'reject', verdicts: [cooldown], status: 'rejected' });
  const why = { gate: 'mode', verdict: 'approval' as const, reason: "the policy's mode for shop at severity critical is approval" };
  const pending = await act(20, {
    action: 'increase_resources',
    parameters: { resource: 'memory', increase_percent: 50 },
    decision: 'approval',
    verdicts: [why],
    status: 'approval_required',
    postState: {
      planned: {
        summary: 'memory 512Mi → 768Mi on container api (request and limit, +50%)',
        wouldSend: [],
        at: minutesAgo(20).toISOString(),
      },
    },
  });
  // Two HighCPUUsage incidents on another workload that nobody acted on: one cleared within the window.
  for (const [i, cleared] of [
    [1, true],
    [2, false],
  ] as const) {
    const alert = alertFrom({
      alertname: 'HighCPUUsage',
      severity: 'warning',
      namespace: 'shop',
      deployment: `batch-${i}`,
      uniq: `quiet-${i}`,
    });
    const { incident } = await store.incidents.fold({
      dedupKey: `quiet-${i}`,
      alert,
      target: { kind: 'Deployment', namespace: 'shop', name: `batch-${i}` },
      eventId: `quiet-ev-${i}`,
      windowMs: 60_000,
    });
    await driver.query(`UPDATE incidents SET opened_at = $2, resolved_at = $3, status = $4 WHERE id = $1`, [
      incident.id,
      minutesAgo(300),
      cleared ? minutesAgo(290) : null,
      cleared ? 'resolved' : 'open',
    ]);
  }
  return { pendingId: pending.id, scaleIds };
};
