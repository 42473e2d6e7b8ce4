import { randomBytes } from 'node:crypto';
import { crashLoop, postAlerts, replicaPod } from './alert-webhook.ts';
import { drained } from './drained.ts';
import { startRun, type BenchRun } from './local-run.ts';
import { residentMiB } from './rss.ts';
import type { FigureSpec, ScenarioGroup } from './scenario.ts';

const ALERTS = 10_000;
const WARM_UP = 1_000;
// Ten firing pods per workload, fifty alerts per webhook, four webhooks in flight.
const PODS_PER_WORKLOAD = 10;
const PER_WEBHOOK = 50;
const IN_FLIGHT = 4;
const HEAP_GOAL = 1.1;

/** Posts `count` alerts (PODS_PER_WORKLOAD pods of each workload) to the runner and waits until the pipeline drained. */
const load = async (run: BenchRun, tag: string, count: number, analyzedBefore: number): Promise<void> => {
  const webhooks = Array.from({ length: Math.ceil(count / PER_WEBHOOK) }, (_, w) =>
    Array.from({ length: Math.min(PER_WEBHOOK, count - w * PER_WEBHOOK) }, (_, k) => {
      const i = w * PER_WEBHOOK + k;
      return crashLoop(`run-${tag}-${Math.floor(i / PODS_PER_WORKLOAD)}`, replicaPod(i % PODS_PER_WORKLOAD), `run-${tag}-${i}`);
    }),
  );
  let next = 0;
  const worker = async () => {
    for (let w = next++; w < webhooks.length; w = next++) await postAlerts(run.webhookUrl, webhooks[w] as Record<string, unknown>[]);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await drained(run, (c) => (c.analyze ?? 0) >= analyzedBefore + count, 1000, 900_000);
};

const figures: FigureSpec[] = [
  {
    name: `make run: heap in use after ${ALERTS} alerts and a full GC, against after ${WARM_UP} alerts of warm-up and a full GC`,
    unit: 'MiB',
    better: 'lower',
    value: 'loadHeap',
    baseline: 'warmHeap',
    baselineLabel: 'the same process after the warm-up and a full collection',
    goal: { on: 'ratio', max: HEAP_GOAL, text: `≤ ${HEAP_GOAL}× after warm-up` },
    details: ['readyRss', 'peakRss', 'loadSeconds'],
  },
  {
    name: `make run: resident after ${ALERTS} alerts and a full GC, against after ${WARM_UP} alerts of warm-up and a full GC`,
    unit: 'MiB',
    better: 'lower',
    value: 'loadRss',
    baseline: 'warmRss',
    baselineLabel: 'the same process after the warm-up and a full collection',
  },
];

/** `make run` (one process, PGlite in a temporary directory, rules analyzer): memory after ALERTS alerts against after a warm-up. */
export const runMemory: ScenarioGroup = {
  name: `make run memory after ${ALERTS} alerts (PGlite)`,
  fixedRounds: 1,
  figures,
  async round({ entry }) {
    // No tick: a timer firing between the measurements is not the load.
    const run = await startRun(entry, undefined, { ASSESS_TICK_INTERVAL: '1h' });
    try {
      const tag = randomBytes(3).toString('hex');
      const readyRss = residentMiB(run.child).rss;
      await load(run, `${tag}w`, WARM_UP, 0);
      const warm = await run.memory();
      const started = performance.now();
      await load(run, tag, ALERTS, WARM_UP);
      const loadSeconds = (performance.now() - started) / 1000;
      const after = await run.memory();
      return {
        readyRss,
        warmHeap: warm.heapMiB,
        warmRss: warm.rssMiB,
        loadHeap: after.heapMiB,
        loadRss: after.rssMiB,
        peakRss: residentMiB(run.child).peak,
        loadSeconds,
      };
    } finally {
      await run.discard();
    }
  },
};
