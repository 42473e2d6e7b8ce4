import { randomBytes } from 'node:crypto';
import { crashLoop, postAlerts, replicaPod } from './alert-webhook.ts';
import { drained } from './drained.ts';
import { startRun } from './local-run.ts';
import { startModelStandIn } from './model-stand-in.ts';
import { interleave, type FigureSpec, type ScenarioGroup } from './scenario.ts';
import { PIPELINE_TABLES, tableRows } from './table-rows.ts';

const WEBHOOKS = 1000;
const WITHIN_MS = 10_000;
const IN_FLIGHT = 64;
/** One fresh runner given `webhooks` webhooks (one alert each, one workload) spread over `withinMs`, drained, its rows counted. */
const storm = async (entry: string, webhooks: number, withinMs: number): Promise<Record<string, number>> => {
  const model = await startModelStandIn();
  // The model endpoint is configured (and counts), the analyzer is the rules; no tick during the measurement.
  const run = await startRun(entry, undefined, { SLM_PROVIDER: 'none', SLM_ENDPOINT: model.url, ASSESS_TICK_INTERVAL: '1h' });
  try {
    const namespace = `storm-${randomBytes(3).toString('hex')}`;
    const started = performance.now();
    // Offered evenly over withinMs, at most IN_FLIGHT unanswered at once (a sender waits when the runner is slower).
    let retries = 0;
    let next = 0;
    const sender = async () => {
      for (let i = next++; i < webhooks; i = next++) {
        const wait = started + (i * withinMs) / webhooks - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        retries += await postAlerts(run.webhookUrl, [crashLoop(namespace, replicaPod(i), `${namespace}-${i}`)]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, webhooks) }, sender));
    const postedAt = performance.now();
    const lastMoved = await drained(run, (c) => (c.analyze ?? 0) >= webhooks && (c.execute ?? 0) >= 1, 1000);
    const modelRequests = model.requests();
    const rows = await tableRows(await run.stopAndOpen());
    return {
      offeredMs: Math.max(withinMs, 1),
      postingMs: postedAt - started,
      drainMs: Math.max(0, lastMoved - postedAt),
      modelRequests,
      retries,
      ...Object.fromEntries(Object.entries(rows).map(([table, n]) => [`rows.${table}`, n])),
    };
  } finally {
    await run.discard();
    await model.close();
  }
};

const ONE = 'the same count after one webhook on a fresh runner';

const figures: FigureSpec[] = [
  {
    name: `storm: analyses (recommendations stored) for ${WEBHOOKS} webhooks of one workload within ${WITHIN_MS / 1000} s`,
    unit: 'analyses',
    better: 'lower',
    value: 'storm.rows.recommendations',
    baseline: 'one.rows.recommendations',
    baselineLabel: ONE,
    goal: { on: 'median', min: 1, max: 1, text: '= 1 analysis' },
  },
  {
    name: 'storm: model requests, rules analyzer (the configured endpoint is a counting stand-in)',
    unit: 'requests',
    better: 'lower',
    value: 'storm.modelRequests',
    baseline: 'storm.rows.recommendations',
    baselineLabel: 'the analyses of the storm (ratio: model requests per analysis)',
    goal: { on: 'median', max: 0, text: '0 with the rules analyzer' },
  },
  ...PIPELINE_TABLES.map(
    (table): FigureSpec => ({
      name: `storm: rows written to ${table}`,
      unit: 'rows',
      better: 'lower',
      value: `storm.rows.${table}`,
      baseline: `one.rows.${table}`,
      baselineLabel: ONE,
    }),
  ),
  {
    name: `storm: time until ingest answered all ${WEBHOOKS} webhooks (202), offered evenly over ${WITHIN_MS / 1000} s, ≤ ${IN_FLIGHT} in flight`,
    unit: 'ms',
    better: 'lower',
    value: 'storm.postingMs',
    baseline: 'storm.offeredMs',
    baselineLabel: 'the time the webhooks were offered over',
    details: ['storm.retries'],
  },
  {
    name: 'storm: time to drain after the last webhook was answered',
    unit: 'ms',
    better: 'lower',
    value: 'storm.drainMs',
    baseline: 'one.drainMs',
    baselineLabel: 'the time one webhook takes to drain on a fresh runner',
  },
];

/** The storm: WEBHOOKS webhooks for one workload within WITHIN_MS on `make run` (PGlite in a temporary directory, rules analyzer). */
export const stormScenario: ScenarioGroup = {
  name: `storm (${WEBHOOKS} webhooks, one workload, make run on PGlite)`,
  fixedRounds: 3,
  figures,
  async round({ entry }, index) {
    const prefix = (at: string, sample: Record<string, number>) =>
      Object.fromEntries(Object.entries(sample).map(([k, v]) => [`${at}.${k}`, v]));
    // Interleaved like every baseline: neither always meets a machine the other just warmed.
    const samples: Record<string, number> = {};
    for (const which of interleave(['one', 'storm'] as const, index))
      Object.assign(samples, prefix(which, await storm(entry, which === 'one' ? 1 : WEBHOOKS, which === 'one' ? 0 : WITHIN_MS)));
    return samples;
  },
};
