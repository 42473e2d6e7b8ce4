import { randomBytes } from 'node:crypto';
import { crashLoop, postAlerts } from './alert-webhook.ts';
import { drained } from './drained.ts';
import { startRun, type BenchRun } from './local-run.ts';
import { recordOnceRoundTrip } from './record-once.ts';
import { percentile, type FigureSpec, type ScenarioGroup } from './scenario.ts';

const ALERTS = 200;
const RATE = 20;
// The offered rates stepped through, each with STEP alerts, to find where latency starts to grow.
const STEPS = [10, 20, 40, 80, 160];
const STEP = 40;

/** Posts `count` distinct alerts (one workload each) at `rate` per second, open loop; resolves with each fingerprint's send time. */
const offer = async (run: BenchRun, tag: string, count: number, rate: number): Promise<Map<string, number>> => {
  const sent = new Map<string, number>();
  const started = performance.now();
  const posts: Promise<number>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const fingerprint = `${tag}-${i}`;
    sent.set(fingerprint, Date.now());
    const post = postAlerts(run.webhookUrl, [crashLoop(`bench-${tag}-${i}`, 'api-7c9d5b8f6-bcdfg', fingerprint)]);
    // Handled now, awaited below: a failure must not be an unhandled rejection while the loop still waits.
    post.catch(() => {});
    posts.push(post);
  }
  await Promise.all(posts);
  return sent;
};

/** Webhook sent → action row stored, in ms, for each alert sent. */
const latencies = (sent: Map<string, number>, stored: Map<string, number>): number[] =>
  [...sent].map(([fingerprint, at]) => {
    const done = stored.get(fingerprint);
    if (done === undefined) throw new Error(`no action was stored for alert ${fingerprint}`);
    return done - at;
  });

const figures = (driver: string): FigureSpec[] => {
  const base = {
    unit: 'ms',
    better: 'lower' as const,
    baseline: 'recordOnce',
    baselineLabel: `one recordOnce round trip on ${driver} (claim, effect, reply, event log; in the bench process)`,
  };
  const goals = driver === 'pglite' ? { p50: 50, p99: 200 } : {};
  return [
    ...(['p50', 'p95', 'p99'] as const).map((p) => {
      const max = (goals as Record<string, number>)[p];
      return {
        ...base,
        name: `pipeline latency on ${driver}: ${p} (webhook → stored action, ${ALERTS} alerts at ${RATE}/s)`,
        value: p,
        ...(max ? { goal: { on: 'median' as const, max, text: `${p} ≤ ${max} ms` } } : {}),
      };
    }),
    {
      name: `pipeline on ${driver}: sustainable rate (p95 ≤ 2× the ${STEPS[0]}/s p95; ${STEP} alerts per step)`,
      unit: 'alerts/s',
      better: 'higher',
      value: 'sustainable',
      baseline: 'ceiling',
      baselineLabel: `sequential recordOnce round trips per second on ${driver}, divided by the 3 steps (analyze, execute, assess) each alert takes`,
    },
  ];
};

/** Latency through `make run` (local broker, rules analyzer, dry run) on PGlite or a Postgres server. */
export const pipelineLatency = (driver: 'pglite' | 'pg', url: string | undefined): ScenarioGroup => ({
  name: `pipeline latency on ${driver}`,
  fixedRounds: 1,
  figures: figures(driver),
  async round({ entry }) {
    const recordOnce = await recordOnceRoundTrip(driver, url).round({ entry, env: {} });
    const run = await startRun(entry, url);
    const tag = randomBytes(3).toString('hex');
    try {
      await offer(run, `${tag}-warm`, 5, 10);
      await drained(run, (c) => (c.analyze ?? 0) >= 5);
      const main = await offer(run, tag, ALERTS, RATE);
      await drained(run, (c) => (c.analyze ?? 0) >= 5 + ALERTS);
      const steps: Map<string, number>[] = [];
      for (const rate of STEPS) {
        steps.push(await offer(run, `${tag}-r${rate}`, STEP, rate));
        await drained(run, () => true);
      }
      const db = await run.stopAndOpen();
      const rows = await db.query<{ alert_fingerprint: string; at: Date }>(
        'SELECT alert_fingerprint, coalesce(finished_at, started_at) AS at FROM actions',
      );
      const stored = new Map(rows.rows.map((r) => [r.alert_fingerprint, new Date(r.at).getTime()]));
      const all = latencies(main, stored);
      const p95s = steps.map((s) => percentile(latencies(s, stored), 95));
      const floor = p95s[0] as number;
      const sustainable = STEPS.filter((_, i) => (p95s[i] as number) <= 2 * floor).at(-1) as number;
      return {
        p50: percentile(all, 50),
        p95: percentile(all, 95),
        p99: percentile(all, 99),
        recordOnce: recordOnce.value,
        sustainable,
        ceiling: 1000 / recordOnce.value / 3,
      };
    } finally {
      await run.discard();
    }
  },
});
