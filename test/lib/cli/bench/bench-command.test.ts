import test from 'ava';
import { BenchReport } from '../../../../lib/cli/bench/bench-report.ts';
import { benchCommand } from '../../../../lib/cli/bench/bench-command.ts';
import { runCli } from '../../../../lib/cli/main.ts';

const cli = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: {} } };
};

test('bench --json prints every figure of the chosen scenario in the one row shape, with its baseline, ratio and goal', async (t) => {
  const { out, io } = cli();
  t.is(await runCli(['bench', '--json', '--only', 'recordOnce round trip on pglite', '--rounds', '1'], [benchCommand], io), 0);
  const report = BenchReport.parse(JSON.parse(out.join('\n')));
  t.is(report.scenarios.length, 1);
  const [row] = report.scenarios;
  t.regex(row?.name ?? '', /^recordOnce round trip on pglite/);
  t.is(row?.rounds, 1);
  t.true((row?.median ?? 0) > 0 && (row?.baselineMedian ?? 0) > 0);
  t.is(row?.met, null, 'the issue sets no goal for this figure');
});

test('bench --only naming no scenario exits 2 and names the scenarios there are', async (t) => {
  const { err, io } = cli();
  t.is(await runCli(['bench', '--only', 'nonsense'], [benchCommand], io), 2);
  const message = err.join('\n');
  t.regex(message, /no scenario matches --only nonsense/);
  for (const name of ['cold start', 'recordOnce round trip on pglite', 'pipeline latency on pglite', 'ingest load'])
    t.true(message.includes(name), name);
});
