import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.ts';
import { positiveIntegerOption } from '../integer-option.ts';
import { coldStart } from './cold-start.ts';
import { INGEST_LOAD, ingestLoad } from './ingest-throughput.ts';
import { recordOnceRoundTrip } from './record-once.ts';
import { stepCosts } from './step-costs.ts';
import { median, type Scenario } from './scenario.ts';

// The database scenarios use TEST_DATABASE_URL or DATABASE_URL when set (a real server), PGlite always.
const scenarios = (env: Readonly<Record<string, string | undefined>>): Scenario[] => {
  const url = env['TEST_DATABASE_URL'] ?? env['DATABASE_URL'];
  return [coldStart, recordOnceRoundTrip('pglite', undefined), ...(url ? [recordOnceRoundTrip('pg', url), recordOnceRoundTrip('neon', url)] : [])];
};

/** `alerts-slm bench`: medians over rounds, each next to a baseline measured in the same round. */
export const benchCommand: Command = {
  name: 'bench',
  usage: 'bench [--rounds N] [--only TEXT] [--entry dist/index.js] [--json] [--write-measured]',
  summary: 'measure cold start and throughput as medians, and ratios against baselines run alongside',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { only: { type: 'string' }, rounds: { type: 'string', default: '5' }, entry: { type: 'string', default: 'dist/index.js' }, json: { type: 'boolean', default: false }, 'write-measured': { type: 'boolean', default: false } } });
    const rounds = positiveIntegerOption('rounds', values.rounds);
    if (!existsSync(values.entry)) throw new UsageError(`${values.entry} does not exist: run make build`);
    const results = [];
    for (const scenario of scenarios(io.env).filter((s) => !values.only || s.name.includes(values.only))) {
      const samples: { value: number; baseline: number }[] = [];
      for (let i = 0; i < rounds; i++) samples.push(await scenario.round({ entry: values.entry }));
      const value = median(samples.map((s) => s.value));
      const baseline = median(samples.map((s) => s.baseline));
      const ratio = median(samples.map((s) => s.value / s.baseline));
      results.push({ scenario: scenario.name, unit: scenario.unit, better: scenario.better, rounds, median: value, baseline: scenario.baseline, baselineMedian: baseline, ratio });
      const shown = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
      if (!values.json) io.out(`${scenario.name}: median ${shown(value)} ${scenario.unit}; ${scenario.baseline}: ${shown(baseline)} ${scenario.unit}; ratio ${ratio.toFixed(2)} (median of ${rounds} rounds, ${scenario.better} is better)`);
    }
    if (!values.only || INGEST_LOAD.includes(values.only)) {
      const load = await ingestLoad({ entry: values.entry, rounds, writeMeasured: values['write-measured'] });
      results.push(...load.rows);
      if (!values.json) for (const line of load.lines) io.out(line);
    }
    const costs = !values.only || 'costs'.includes(values.only) ? await stepCosts() : [];
    if (values.json) io.out(JSON.stringify({ scenarios: results, costs }, null, 2));
    else for (const line of costs) io.out(line);
    return 0;
  },
};
