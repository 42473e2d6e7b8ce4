import test, { type ExecutionContext } from 'ava';
import type { ActionName } from '../../../lib/domain/action-name.ts';
import type { AlertData } from '../../../lib/events/alert-events.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { TransientError } from '../../../lib/errors/errors.ts';
import { createStore } from '../../../lib/store/create-store.ts';
import { loadMigrations, migrate } from '../../../lib/store/migrate.ts';
import type { ActionInput, TargetRef } from '../../../lib/domain/records.ts';
import type { AssessmentOutcome } from '../../../lib/domain/execution.ts';
import type { SqlDriver } from '../../../lib/store/sql.ts';
import type { Store } from '../../../lib/store/store.ts';
import { testDatabase, type TestDatabase } from '../../support/test-database.ts';

// The same suite for every driver: the store must behave identically on pg, neon and pglite.

const T0 = new Date('2026-11-27T00:00:00Z');
const minutes = (n: number) => n * 60_000;

export const storeContract = (kind: SqlDriver['name']) => {
  let db: TestDatabase;
  let clock = T0;
  let store: Store;
  const at = (offsetMs: number) => (clock = new Date(T0.getTime() + offsetMs));
  test.before(async () => {
    db = await testDatabase(kind);
    store = createStore(db.driver, () => clock);
  });
  test.after.always(() => db?.drop());
  const t_ = (title: string, fn: (t: ExecutionContext) => Promise<void>) => test.serial(`${kind}: ${title}`, fn);

  let n = 0;
  const uid = (prefix: string) => `${prefix}-${++n}`;
  const event = (id = uid('ev'), type = 'dev.alerts-slm.alert.firing.v1'): CloudEventEnvelope => ({
    specversion: '1.0',
    id,
    source: '/alerts-slm/ingest',
    type,
    data: {},
  });
  const alert = (over: Partial<AlertData> = {}): AlertData => ({
    alertname: 'KubePodCrashLooping',
    status: 'firing',
    severity: 'warning',
    fingerprint: uid('fp'),
    startsAt: T0.toISOString(),
    endsAt: null,
    generatorURL: null,
    namespace: 'shop',
    target: null,
    workload: null,
    labels: { alertname: 'KubePodCrashLooping' },
    annotations: {},
    receiver: 'r',
    groupKey: 'g',
    externalURL: 'e',
    ...over,
  });
  const target = (name = uid('api')): TargetRef => ({ kind: 'Deployment', namespace: 'shop', name });
  const key = (t: TargetRef) => `${t.namespace}/${t.kind}/${t.name}`;

  t_('migrations apply once, again is a no-op, and concurrent migrators do not collide', async (t) => {
    t.deepEqual(await migrate(db.driver), []);
    // PGlite has one session: its migrators run one after the other, and the suite keeps one instance per run
    // (concurrent PGlite start-ups can crash V8: nodejs/node#64500). A server gets a fresh schema and two connections.
    if (kind === 'pglite') {
      t.deepEqual(await Promise.all([migrate(db.driver), migrate(db.driver)]), [[], []]);
      return;
    }
    const fresh = await testDatabase(kind, { migrated: false });
    try {
      const other = fresh.another();
      const [a, b] = await Promise.all([migrate(fresh.driver), migrate(other)]);
      t.deepEqual(
        [...a, ...b].sort(),
        loadMigrations().map((m) => `${m.version}-${m.name}`),
      );
      const { rows } = await fresh.driver.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      t.is(Number(rows[0]?.n), loadMigrations().length);
    } finally {
      await fresh.drop();
    }
  });

  t_('a migration changed after it was applied is refused', async (t) => {
    const [first] = loadMigrations();
    await t.throwsAsync(migrate(db.driver, [{ ...first!, sql: first!.sql + '\n-- edited', checksum: 'different' }]), {
      message: /was changed after it was applied/,
    });
  });

  t_('recordOnce runs the effects once, stores the reply, and a redelivery gets the same reply', async (t) => {
    const e = event();
    const reply = { ...event(), type: 'dev.alerts-slm.action.recommended.v1' };
    let runs = 0;
    const fn = async (tx: Parameters<Parameters<Store['recordOnce']>[2]>[0]) => {
      runs++;
      await tx.alerts.upsert(alert());
      return reply;
    };
    t.deepEqual(await store.recordOnce('analyze', e, fn), { duplicate: false, reply });
    t.deepEqual(await store.recordOnce('analyze', e, fn), { duplicate: true, reply });
    t.is(runs, 1);
    const log = await store.events.logged({ types: [e.type, reply.type] });
    t.true(log.some((x) => x.id === e.id));
    t.true(log.some((x) => x.id === reply.id));
  });

  t_('the same event delivered many times at once has its effects exactly once', async (t) => {
    const e = event();
    const fp = uid('fp');
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        store.recordOnce('execute', e, async (tx) => {
          runs++;
          await tx.alerts.upsert(alert({ fingerprint: fp }));
          await new Promise((r) => setTimeout(r, 5));
          return undefined;
        }),
      ),
    );
    t.is(runs, 1);
    t.is(results.filter((r) => !r.duplicate).length, 1);
    const { rows } = await db.driver.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM event_log WHERE event_id = $1 AND direction = 'consumed'",
      [e.id],
    );
    t.is(Number(rows[0]?.n), 1);
  });

  t_('other consumers of the same event are independent', async (t) => {
    const e = event();
    t.false((await store.recordOnce('analyze', e, async () => undefined)).duplicate);
    t.false((await store.recordOnce('assess', e, async () => undefined)).duplicate);
  });

  t_('a failed step leaves nothing behind, so the redelivery runs it', async (t) => {
    const e = event();
    const fp = uid('fp');
    await t.throwsAsync(
      store.recordOnce('analyze', e, async (tx) => {
        await tx.alerts.upsert(alert({ fingerprint: fp }));
        throw new Error('model exploded');
      }),
    );
    t.is(await store.alerts.status(fp), null);
    t.false((await store.recordOnce('analyze', e, async () => undefined)).duplicate);
  });

  t_('a claimed step answers busy to a concurrent delivery, then done with the reply; a dead holder is taken over', async (t) => {
    const e = event();
    at(0);
    const first = await store.claim('analyze', e, minutes(2), async () => 'work');
    t.like(first, { state: 'claimed', result: 'work', takenOver: false });
    await t.throwsAsync(
      store.claim('analyze', e, minutes(2), async () => 'again'),
      { instanceOf: TransientError, message: /being processed/ },
    );
    at(minutes(3));
    t.like(await store.claim('analyze', e, minutes(2), async () => 'takeover'), { state: 'claimed', takenOver: true });
    const reply = event();
    t.deepEqual(await store.complete('analyze', e, async () => reply), reply);
    t.deepEqual(await store.claim('analyze', e, minutes(2), async () => 'late'), { state: 'done', reply });
    await t.throwsAsync(
      store.complete('analyze', e, async () => undefined),
      { message: /not claimed/ },
    );
  });

  t_('alerts of one dedup key fold into one incident; each event counts once; the opener is recognised on redelivery', async (t) => {
    at(0);
    const dedupKey = uid('KubePodCrashLooping/shop/Deployment/api');
    const tgt = target();
    const first = event();
    const fold = (e: CloudEventEnvelope, a = alert()) =>
      store.incidents.fold({ dedupKey, alert: a, target: tgt, eventId: e.id, windowMs: minutes(30) });
    const opened = await fold(first);
    t.true(opened.opened);
    t.is(opened.incident.occurrences, 1);
    const second = await fold(event());
    t.false(second.opened);
    t.is(second.incident.id, opened.incident.id);
    t.is(second.incident.occurrences, 2);
    const again = await fold(first);
    t.true(again.opened);
    t.is(again.incident.occurrences, 2);
  });

  t_('a storm of 200 concurrent alerts for one problem opens exactly one incident', async (t) => {
    at(0);
    const dedupKey = uid('storm');
    const folds = await Promise.all(
      Array.from({ length: 200 }, () =>
        store.recordOnce('analyze', event(), async (tx) => {
          const f = await tx.incidents.fold({
            dedupKey,
            alert: alert(),
            target: target('storm'),
            eventId: uid('ev'),
            windowMs: minutes(30),
          });
          return f.opened ? event(`opened-${f.incident.id}`) : undefined;
        }),
      ),
    );
    t.is(folds.filter((f) => f.reply).length, 1);
    const { rows } = await db.driver.query<{ n: number; occurrences: number }>(
      'SELECT count(*)::int AS n, max(occurrences) AS occurrences FROM incidents WHERE dedup_key = $1',
      [dedupKey],
    );
    t.deepEqual([Number(rows[0]?.n), Number(rows[0]?.occurrences)], [1, 200]);
  });

  t_('an incident older than the window is expired and the next alert opens a new one', async (t) => {
    const dedupKey = uid('window');
    at(0);
    const a = await store.incidents.fold({ dedupKey, alert: alert(), target: null, eventId: uid('ev'), windowMs: minutes(30) });
    at(minutes(31));
    const b = await store.incidents.fold({ dedupKey, alert: alert(), target: null, eventId: uid('ev'), windowMs: minutes(30) });
    t.not(a.incident.id, b.incident.id);
    t.is((await store.incidents.get(a.incident.id))?.status, 'expired');
  });

  t_('an incident resolves when the last of its alerts resolves', async (t) => {
    const dedupKey = uid('resolve');
    at(0);
    const [x, y] = [alert(), alert()];
    const { incident } = await store.incidents.fold({ dedupKey, alert: x, target: null, eventId: uid('ev'), windowMs: minutes(30) });
    await store.incidents.fold({ dedupKey, alert: y, target: null, eventId: uid('ev'), windowMs: minutes(30) });
    t.deepEqual(await store.incidents.resolveAlert(x.fingerprint, new Date(T0.getTime() + minutes(5))), []);
    const [resolved] = await store.incidents.resolveAlert(y.fingerprint, new Date(T0.getTime() + minutes(7)));
    t.is(resolved?.id, incident.id);
    t.is(resolved?.status, 'resolved');
    t.is((resolved?.resolvedAt?.getTime() ?? 0) - incident.openedAt.getTime(), minutes(7));
  });

  t_(
    'the resolutions of all of an incident’s alerts handled at once resolve it (Alertmanager sends them in one notification)',
    async (t) => {
      at(0);
      const groups = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const dedupKey = uid('together');
          const alerts = [alert(), alert(), alert()];
          for (const a of alerts)
            await store.incidents.fold({ dedupKey, alert: a, target: null, eventId: uid('ev'), windowMs: minutes(30) });
          return alerts;
        }),
      );
      const resolvedAt = new Date(T0.getTime() + minutes(4));
      const results = await Promise.all(
        groups
          .flat()
          .map((a) =>
            store.recordOnce(
              'assess',
              event(uid('resolved'), 'dev.alerts-slm.alert.resolved.v1'),
              async (tx) => void (await tx.incidents.resolveAlert(a.fingerprint, resolvedAt)),
            ),
          ),
      );
      t.is(results.length, 24);
      const { rows } = await db.driver.query<{ open: number }>(
        `SELECT count(*)::int AS open FROM incidents WHERE status = 'open' AND id IN (SELECT incident_id FROM incident_alerts WHERE fingerprint = ANY($1))`,
        [groups.flat().map((a) => a.fingerprint)],
      );
      t.is(Number(rows[0]?.open), 0, 'no incident stays open after every one of its alerts resolved');
    },
  );

  t_('only one holder gets a target lock; it is released by its holder only, and expires', async (t) => {
    at(0);
    const k = uid('shop/Deployment/locked');
    const got = await Promise.all(Array.from({ length: 10 }, (_, i) => store.locks.acquire(k, `holder-${i}`, minutes(2))));
    t.is(got.filter(Boolean).length, 1);
    const holder = `holder-${got.indexOf(true)}`;
    t.true(await store.locks.acquire(k, holder, minutes(2)), 'the holder may renew');
    await store.locks.release(k, 'someone-else');
    t.false(await store.locks.acquire(k, 'late', minutes(2)));
    t.true((await store.locks.held()) >= 1);
    at(minutes(3));
    t.true(await store.locks.acquire(k, 'late', minutes(2)), 'an expired lease is taken over');
    await store.locks.release(k, 'late');
    t.true(await store.locks.acquire(k, 'next', minutes(2)));
  });

  // A seeded history with known answers.
  const seed = async (
    tgt: TargetRef,
    steps: {
      action: ActionName;
      status: ActionInput['status'];
      minute: number;
      outcome?: AssessmentOutcome;
      pre?: string;
      post?: string;
      incidentResolvedMinute?: number | null;
      alertname?: string;
      disruptive?: boolean;
    }[],
  ) => {
    const ids: string[] = [];
    for (const s of steps) {
      at(minutes(s.minute));
      const alertname = s.alertname ?? 'HistoryAlert';
      const fold = await store.incidents.fold({
        dedupKey: uid('seed'),
        alert: alert({ alertname }),
        target: tgt,
        eventId: uid('ev'),
        windowMs: minutes(30),
      });
      const { action } = await store.actions.insert({
        recommendationEventId: uid('rec'),
        incidentId: fold.incident.id,
        alertname,
        fingerprint: uid('fp'),
        target: tgt,
        action: s.action,
        parameters: {},
        disruptive: s.disruptive ?? true,
        decision: 'perform',
        verdicts: [],
        status: 'running',
        preState: null,
        preSpecHash: s.pre ?? null,
      });
      await store.actions.finish(action.id, { status: s.status, postSpecHash: s.post ?? null });
      if (s.outcome) {
        const a = await store.assessments.schedule(action.id, clock, clock);
        await store.assessments.save(a.id, {
          outcome: s.outcome,
          score: s.outcome === 'effective' ? 0.9 : 0.1,
          resolved: s.outcome === 'effective',
          factors: [],
          baselineRate: null,
          reasoning: 'seeded',
        });
      }
      if (s.incidentResolvedMinute !== undefined && s.incidentResolvedMinute !== null) {
        await db.driver.query("UPDATE incidents SET status = 'resolved', resolved_at = $2 WHERE id = $1", [
          fold.incident.id,
          new Date(T0.getTime() + minutes(s.incidentResolvedMinute)),
        ]);
      }
      ids.push(action.id);
    }
    return ids;
  };

  t_('history: last actions newest first, consecutive failures, last action time', async (t) => {
    const tgt = target();
    await seed(tgt, [
      { action: 'restart_deployment', status: 'succeeded', minute: 0, outcome: 'effective' },
      { action: 'restart_deployment', status: 'failed', minute: 10 },
      { action: 'scale_deployment', status: 'succeeded', minute: 20, outcome: 'ineffective' },
      { action: 'notify_only', status: 'rejected', minute: 25 },
    ]);
    const last = await store.actions.last(key(tgt), 10);
    t.deepEqual(
      last.map((a) => a.action),
      ['notify_only', 'scale_deployment', 'restart_deployment', 'restart_deployment'],
    );
    t.is(last[1]?.assessment?.outcome, 'ineffective');
    t.is(await store.history.consecutiveFailures(key(tgt)), 2);
    t.is((await store.actions.lastAt(key(tgt), 'restart_deployment'))?.getTime(), T0.getTime() + minutes(10));
    t.is(await store.actions.lastAt(key(tgt), 'notify_only'), null, 'a refused action starts no cooldown');
  });

  t_("history: a person's declines, per target and action, newest first, and since a time", async (t) => {
    const [a, b] = [target(), target()];
    const pending = async (tgt: TargetRef, action: ActionName, minute: number, status: 'declined' | 'approved', by: string) => {
      at(minutes(minute));
      const { action: row } = await store.actions.insert({
        recommendationEventId: uid('rec'),
        incidentId: null,
        alertname: 'A',
        fingerprint: uid('fp'),
        target: tgt,
        action,
        parameters: {},
        disruptive: true,
        decision: 'approval',
        verdicts: [],
        status: 'approval_required',
        preState: null,
        preSpecHash: null,
      });
      await store.actions.decidePending(row.id, status, by);
    };
    await pending(a, 'increase_resources', 0, 'declined', 'carol');
    await pending(a, 'increase_resources', 10, 'declined', 'dave');
    await pending(a, 'restart_deployment', 20, 'approved', 'erin');
    await pending(b, 'restart_deployment', 30, 'declined', 'frank');
    const latest = await store.actions.declines([key(a)], { action: 'increase_resources', limit: 1 });
    t.deepEqual(latest, [{ target: key(a), action: 'increase_resources', by: 'dave', at: new Date(T0.getTime() + minutes(10)) }]);
    t.deepEqual(await store.actions.declines([key(a)], { action: 'restart_deployment' }), [], 'an approval is not a decline');
    const since = await store.actions.declines([key(a), key(b)], { since: new Date(T0.getTime() + minutes(5)) });
    t.deepEqual(
      since.map((d) => [d.target, d.action, d.by]),
      [
        [key(b), 'restart_deployment', 'frank'],
        [key(a), 'increase_resources', 'dave'],
      ],
    );
  });

  t_('history: the change series of a target is what its performed actions moved, oldest first, within the window', async (t) => {
    const tgt = target();
    const act = async (minute: number, status: 'succeeded' | 'dry_run', from: number, to: number | null) => {
      at(minutes(minute));
      const { action } = await store.actions.insert({
        recommendationEventId: uid('rec'),
        incidentId: null,
        alertname: 'A',
        fingerprint: uid('fp'),
        target: tgt,
        action: 'scale_deployment',
        parameters: { replicas: to },
        disruptive: true,
        decision: 'perform',
        verdicts: [],
        status: 'running',
        preState: { replicas: from },
        preSpecHash: null,
      });
      await store.actions.finish(action.id, {
        status,
        postState: to === null ? { summary: 'no snapshot after' } : { after: { replicas: to } },
      });
    };
    await act(0, 'succeeded', 2, 4);
    await act(10, 'succeeded', 4, 6);
    await act(20, 'dry_run', 6, 5);
    await act(30, 'succeeded', 6, null);
    await act(40, 'succeeded', 6, 5);
    const series = await store.actions.changeSeries(key(tgt), new Date(T0.getTime() + minutes(5)));
    t.deepEqual(
      series.map((c) => [c.dimension, c.before, c.after, (c.at.getTime() - T0.getTime()) / 60_000]),
      [
        ['replicas', 4, 6, 10],
        ['replicas', 6, 5, 40],
      ],
    );
    t.deepEqual(await store.actions.changeSeries(key(target()), T0), []);
  });

  t_('history: the ineffective chain counts repeats while the alert kept firing, and sees flip-flops', async (t) => {
    const tgt = target();
    await seed(tgt, [
      { action: 'restart_deployment', status: 'succeeded', minute: 0, incidentResolvedMinute: 5, pre: 'h0', post: 'h1' },
      { action: 'restart_deployment', status: 'succeeded', minute: 10, pre: 'h1', post: 'h2' },
      { action: 'restart_deployment', status: 'succeeded', minute: 20, pre: 'h2', post: 'h3' },
      { action: 'restart_deployment', status: 'succeeded', minute: 30, pre: 'h3', post: 'h4' },
    ]);
    t.deepEqual(await store.history.ineffectiveChain(key(tgt), 'restart_deployment'), {
      length: 3,
      repeatsOnOwnChange: 2,
      oscillating: false,
    });
    t.deepEqual(await store.history.ineffectiveChain(key(tgt), 'scale_deployment'), {
      length: 0,
      repeatsOnOwnChange: 0,
      oscillating: false,
    });
    const flip = target();
    await seed(flip, [
      { action: 'scale_deployment', status: 'succeeded', minute: 0, pre: 'r2', post: 'r4' },
      { action: 'scale_deployment', status: 'succeeded', minute: 10, pre: 'r4', post: 'r2' },
    ]);
    t.true((await store.history.ineffectiveChain(key(flip), 'scale_deployment')).oscillating);
  });

  t_('history: success rates per alert name and per target leave inconclusive out', async (t) => {
    const tgt = target();
    const alertname = uid('RatesAlert');
    await seed(tgt, [
      { action: 'restart_deployment', status: 'succeeded', minute: 0, outcome: 'effective', alertname },
      { action: 'restart_deployment', status: 'succeeded', minute: 10, outcome: 'ineffective', alertname },
      { action: 'restart_deployment', status: 'succeeded', minute: 20, outcome: 'effective', alertname },
      { action: 'scale_deployment', status: 'succeeded', minute: 30, outcome: 'inconclusive', alertname },
    ]);
    t.deepEqual(await store.history.successRatesForAlert(alertname), [
      { action: 'restart_deployment', samples: 3, effective: 2, rate: 2 / 3 },
    ]);
    t.deepEqual(await store.history.successRatesForTarget(key(tgt)), [
      { action: 'restart_deployment', samples: 3, effective: 2, rate: 2 / 3 },
    ]);
  });

  t_('history: the no-action baseline counts incidents without a remedial action that cleared in the window', async (t) => {
    const alertname = uid('BaselineAlert');
    const open = async (minute: number, resolvedAfter: number | null) => {
      at(minutes(minute));
      const f = await store.incidents.fold({
        dedupKey: uid('b'),
        alert: alert({ alertname }),
        target: null,
        eventId: uid('ev'),
        windowMs: minutes(30),
      });
      if (resolvedAfter !== null)
        await db.driver.query("UPDATE incidents SET status='resolved', resolved_at=$2 WHERE id=$1", [
          f.incident.id,
          new Date(T0.getTime() + minutes(minute + resolvedAfter)),
        ]);
      return f.incident.id;
    };
    await open(0, 10);
    await open(1, 45);
    await open(2, null);
    const remediated = await open(3, 5);
    const { action } = await store.actions.insert({
      recommendationEventId: uid('rec'),
      incidentId: remediated,
      alertname,
      fingerprint: 'x',
      target: null,
      action: 'restart_pod',
      parameters: {},
      disruptive: true,
      decision: 'perform',
      verdicts: [],
      status: 'succeeded',
      preState: null,
      preSpecHash: null,
    });
    t.truthy(action.id);
    const notified = await open(4, 3);
    await store.actions.insert({
      recommendationEventId: uid('rec'),
      incidentId: notified,
      alertname,
      fingerprint: 'x',
      target: null,
      action: 'notify_only',
      parameters: {},
      disruptive: false,
      decision: 'perform',
      verdicts: [],
      status: 'succeeded',
      preState: null,
      preSpecHash: null,
    });
    await open(100, null);
    at(minutes(60));
    t.deepEqual(await store.history.noActionBaseline(alertname, minutes(30)), { alertname, samples: 4, resolvedWithin: 2, rate: 0.5 });
  });

  t_('history: recurrences of an alert on a target after an action, and action counts for the blast radius', async (t) => {
    const tgt = target();
    const alertname = uid('Recurring');
    for (const minute of [0, 40, 80]) {
      at(minutes(minute));
      await store.incidents.fold({
        dedupKey: uid('r'),
        alert: alert({ alertname }),
        target: tgt,
        eventId: uid('ev'),
        windowMs: minutes(30),
      });
    }
    t.is(await store.history.recurrences(alertname, key(tgt), T0, new Date(T0.getTime() + minutes(60))), 1);
    const ns = uid('blast');
    const other: TargetRef = { kind: 'Deployment', namespace: ns, name: 'x' };
    await seed(other, [
      { action: 'restart_deployment', status: 'succeeded', minute: 200 },
      { action: 'notify_only', status: 'succeeded', minute: 201, disruptive: false },
      { action: 'restart_pod', status: 'rejected', minute: 202 },
    ]);
    const since = new Date(T0.getTime() + minutes(199));
    t.is(await store.actions.countSince(since, { namespace: ns }), 2);
    t.is(await store.actions.countSince(since, { namespace: ns, disruptiveOnly: true }), 1);
  });

  t_('assessments: scheduled once, due only when due, scored once', async (t) => {
    const tgt = target();
    const [id] = await seed(tgt, [{ action: 'restart_pod', status: 'succeeded', minute: 500 }]);
    const due = new Date(T0.getTime() + minutes(505));
    const first = await store.assessments.schedule(id!, due, new Date(due.getTime() + minutes(30)));
    const second = await store.assessments.schedule(id!, new Date(0), new Date(0));
    t.is(second.id, first.id);
    t.is(second.dueAt.getTime(), due.getTime());
    // A zero lease: every call sees what is due, as if each were a tick after the last one's lease lapsed.
    at(minutes(504));
    t.false((await store.assessments.leaseDue(0, 100)).some((a) => a.id === first.id));
    at(minutes(506));
    const dueNow = await store.assessments.leaseDue(0, 100);
    t.true(dueNow.some((a) => a.id === first.id));
    await store.assessments.save(first.id, {
      outcome: 'effective',
      score: 1,
      resolved: true,
      factors: [{ name: 'resolved', value: 1, weight: 1 }],
      baselineRate: 0.2,
      reasoning: 'cleared',
    });
    t.false((await store.assessments.leaseDue(0, 100)).some((a) => a.id === first.id));
    t.is((await store.actions.get(id!))?.assessment?.outcome, 'effective');
  });

  t_('the approval backlog counts what waits within the TTL and dates the oldest; decided and expired ones are left out', async (t) => {
    const waiting = async (minute: number) => {
      at(minutes(minute));
      const { action } = await store.actions.insert({
        recommendationEventId: uid('rec'),
        incidentId: null,
        alertname: 'BacklogAlert',
        fingerprint: uid('fp'),
        target: target(),
        action: 'restart_deployment',
        parameters: {},
        disruptive: true,
        decision: 'approval',
        verdicts: [],
        status: 'approval_required',
        preState: null,
        preSpecHash: null,
      });
      return action.id;
    };
    at(minutes(1000));
    t.deepEqual(await store.actions.approvalBacklog(minutes(60)), { pending: 0, oldestStartedAt: null });
    await waiting(1000);
    const decided = await waiting(1010);
    await waiting(1080);
    await waiting(1100);
    await store.actions.decidePending(decided, 'declined', 'bob');
    at(minutes(1120));
    t.deepEqual(await store.actions.approvalBacklog(minutes(60)), { pending: 2, oldestStartedAt: new Date(T0.getTime() + minutes(1080)) });
  });

  t_('the model-answer cache returns an answer until it expires', async (t) => {
    at(0);
    const k = uid('cache');
    await store.cache.put(k, { action: 'restart_pod' }, minutes(5));
    t.deepEqual(await store.cache.get(k), { action: 'restart_pod' });
    at(minutes(6));
    t.is(await store.cache.get(k), null);
  });

  t_('retention: each table keeps what is younger than its retention, anything unsettled, and open incidents', async (t) => {
    const day = minutes(24 * 60);
    const retention = {
      processedEventsMs: 7 * day,
      eventLogMs: 30 * day,
      alertsMs: 30 * day,
      deadLettersMs: 30 * day,
      historyMs: 365 * day,
    };
    const old = minutes(0);
    at(old);
    const gone = event(uid('old-done'));
    await store.recordOnce('prune', gone, async () => undefined);
    await store.claim('prune', event(uid('old-claim')), minutes(1), async () => undefined);
    const resolved = uid('old-resolved');
    await store.alerts.upsert(alert({ status: 'resolved', endsAt: T0.toISOString(), fingerprint: resolved }));
    const firing = uid('old-firing');
    await store.alerts.upsert(alert({ fingerprint: firing }));
    await store.deadLetters.keep({ ...event(uid('old-dead')), knativeerrorcode: '500' });
    await store.events.refuse('execute', event(uid('old-refused')), 'forged');
    const [closed] = await seed(target(), [
      { action: 'restart_pod', status: 'succeeded', minute: 0, outcome: 'effective', incidentResolvedMinute: 1 },
    ]);
    const [waiting] = await seed(target(), [
      { action: 'rollback_deployment', status: 'approval_required', minute: 0, incidentResolvedMinute: 1 },
    ]);
    const [open] = await seed(target(), [{ action: 'restart_pod', status: 'succeeded', minute: 0 }]);
    at(400 * day);
    const young = event(uid('young'));
    await store.recordOnce('prune', young, async () => undefined);
    const pruned = await store.retention.prune(retention);
    for (const table of [
      'processed_events',
      'event_log',
      'alerts',
      'dead_letters',
      'refused_events',
      'incidents',
      'actions',
      'assessments',
      'recommendations',
    ]) {
      t.true((pruned[table] ?? 0) >= (table === 'recommendations' ? 0 : 1), table);
    }
    t.is(await store.alerts.status(resolved), null);
    t.deepEqual(await store.deadLetters.list(), []);
    t.deepEqual(await store.events.refused(), []);
    t.is(await store.actions.get(closed!), null);
    t.truthy(await store.actions.get(waiting!), 'an action waiting for a person is kept, with its incident');
    t.truthy(await store.actions.get(open!), 'an open incident is kept');
    t.is(await store.alerts.status(firing), 'firing');
    const left = await db.driver.query<{ id: string; status: string }>(`SELECT id, status FROM processed_events WHERE consumer = 'prune'`);
    t.deepEqual(left.rows.map((r) => r.status).sort(), ['done', 'processing'], 'the young record and the unfinished claim stay');
    t.deepEqual(
      await store.retention.prune(retention),
      Object.fromEntries(Object.keys(pruned).map((k) => [k, 0])),
      'a second pass finds nothing',
    );
  });

  t_('retention runs in passing at most once per interval, whoever asks', async (t) => {
    const retention = {
      processedEventsMs: minutes(1),
      eventLogMs: minutes(1),
      alertsMs: minutes(1),
      deadLettersMs: minutes(1),
      historyMs: minutes(1),
    };
    at(minutes(900_000));
    const first = await store.retention.pruneIfDue(retention, minutes(60));
    t.not(first, null);
    t.is(await store.retention.pruneIfDue(retention, minutes(60)), null);
    at(minutes(900_061));
    t.not(await store.retention.pruneIfDue(retention, minutes(60)), null);
  });
};
