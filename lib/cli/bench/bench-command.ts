import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.ts';
import { positiveIntegerOption } from '../integer-option.ts';
import { coldStart } from './cold-start.ts';
import { figureTable } from './figure-table.ts';
import { functionMemory } from './function-memory.ts';
import { INGEST_LOAD, ingestLoad } from './ingest-throughput.ts';
import { pipelineLatency } from './pipeline-latency.ts';
import { recordOnceRoundTrip } from './record-once.ts';
import { runMemory } from './run-memory.ts';
import { stormScenario } from './storm.ts';
import type { FigureResult } from './bench-report.ts';
import { asGroup, summarize, type Scenario, type ScenarioGroup } from './scenario.ts';

// The database scenarios use TEST_DATABASE_URL or DATABASE_URL when set (a real server), PGlite always.
const scenarios = (env: Readonly<Record<string, string | undefined>>): (Scenario | ScenarioGroup)[] => {
  const url = env.TEST_DATABASE_URL ?? env.DATABASE_URL;
  return [
    coldStart,
    recordOnceRoundTrip('pglite', undefined),
    ...(url ? [recordOnceRoundTrip('pg', url), recordOnceRoundTrip('neon', url)] : []),
    pipelineLatency('pglite', undefined),
    ...(url ? [pipelineLatency('pg', url)] : []),
    stormScenario,
    ...(url ? [functionMemory(url)] : []),
    runMemory,
  ];
};

const MIN_ROUNDS = 7;

/** `alerts-slm bench`: medians over interleaved rounds, each next to a baseline measured in the same round. */
export const benchCommand: Command = {
  name: 'bench',
  usage: 'bench [--rounds N] [--only TEXT] [--entry dist/index.js] [--json] [--write-measured]',
  summary: 'measure cold start, throughput, latency, memory and an alert storm against baselines run alongside',
  async run(args, io) {
    const options = {
      only: { type: 'string' },
      rounds: { type: 'string', default: String(MIN_ROUNDS) },
      entry: { type: 'string', default: 'dist/index.js' },
      json: { type: 'boolean', default: false },
      'write-measured': { type: 'boolean', default: false },
    } as const;
    const { values } = parseArgs({ args, options });
    const rounds = positiveIntegerOption('rounds', values.rounds);
    const groups = scenarios(io.env).map((s) => ('figures' in s ? s : asGroup(s)));
    const chosen = groups.filter(
      (g) => !values.only || g.name.includes(values.only) || g.figures.some((f) => f.name.includes(values.only as string)),
    );
    if (chosen.length === 0 && !INGEST_LOAD.includes(values.only ?? ''))
      throw new UsageError(`no scenario matches --only ${values.only}; they are: ${groups.map((g) => g.name).join('; ')}; ${INGEST_LOAD}`);
    if (!existsSync(values.entry)) throw new UsageError(`${values.entry} does not exist: run make build`);
    const results: FigureResult[] = [];
    const notes: string[] = [];
    // A scenario that fails is reported and the others still run: the command then exits 1.
    let anyFailed = false;
    const failed = (name: string, error: unknown) => {
      anyFailed = true;
      const message = `${name} failed: ${error instanceof Error ? error.message : String(error)}`;
      io.err(`  ${message}`);
      notes.push(message);
    };
    for (const group of chosen) {
      const samples: Record<string, number>[] = [];
      try {
        for (let i = 0; i < (group.fixedRounds ?? rounds); i++) samples.push(await group.round({ entry: values.entry, env: io.env }, i));
      } catch (error) {
        failed(group.name, error);
        continue;
      }
      const figures = group.figures
        .filter((f) => !values.only || group.name.includes(values.only) || f.name.includes(values.only as string))
        .map((f) => summarize(f, samples));
      results.push(...figures);
      notes.push(...(group.notes?.() ?? []));
      io.err(`  ${group.name}: ${samples.length} round(s) done`);
    }
    // ingest under load reports its own rows (throughput against the forwarder, latency percentiles, peak RSS).
    if (!values.only || INGEST_LOAD.includes(values.only))
      await ingestLoad({ entry: values.entry, rounds, writeMeasured: values['write-measured'] }).then(
        (rows) => results.push(...rows),
        (error: unknown) => failed(INGEST_LOAD, error),
      );
    if (values.json) io.out(JSON.stringify({ scenarios: results, notes }, null, 2));
    else for (const line of [...figureTable(results), ...(notes.length ? ['', ...notes] : [])]) io.out(line);
    return anyFailed ? 1 : 0;
  },
};
