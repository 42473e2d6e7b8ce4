import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { evaluateCase } from '../eval/evaluate.ts';
import { categoryTable, report, type EvalReport } from '../eval/report.ts';
import { createLlm } from '../slm/create-llm.ts';
import { UsageError, type CliIo, type Command } from './command.ts';
import { readCorpus } from './corpus-files.ts';

const OPTIONS = {
  provider: { type: 'string' },
  endpoint: { type: 'string' },
  model: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

// Every case, then the figures per category, then one line overall.
const printText = (r: EvalReport, analyzer: string, io: CliIo) => {
  const width = Math.max(4, ...r.cases.map((c) => c.id.length));
  io.out(`${analyzer} on ${r.total} cases`);
  const widths = [width, 16, 20, 7, 9, 0];
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' ');
  io.out(line(['CASE', 'CATEGORY', 'ACTION', 'SOURCE', 'DECISION', 'OK']));
  for (const c of r.cases) io.out(line([c.id, c.category, c.action, c.source, c.decision, c.ok ? 'yes' : 'NO']));
  io.out('');
  for (const line of categoryTable(r)) io.out(line);
  io.out('');
  io.out(
    [
      `preferred ${r.preferred_hit}/${r.total}, acceptable ${r.expected_hit}/${r.total}, harmful recommended ${r.must_not_recommended}`,
      `harmful the policy would perform ${r.must_not_allowed}, invalid outputs ${r.invalid_outputs}, fallbacks ${r.fallbacks}`,
      `latency p50 ${r.latency_ms.p50} ms p95 ${r.latency_ms.p95} ms`,
    ].join(', '),
  );
};

/** `alerts-slm eval`: runs the analyzer and the default policy over a labelled corpus and reports quality. */
export const evalCommand: Command = {
  name: 'eval',
  usage: 'eval <corpus.json | directory of them> [--provider ollama|openai --endpoint URL --model M] [--json]',
  summary: 'score the model (when given) or the rules, and the policy, on a labelled corpus of alerts',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
    if (positionals.length !== 1) throw new UsageError('give one corpus file or directory');
    const corpus = readCorpus(positionals[0] as string);
    const modelGiven = Boolean(values.provider || values.endpoint || values.model);
    const env = {
      ...io.env,
      ...(values.provider ? { SLM_PROVIDER: values.provider } : {}),
      ...(values.endpoint ? { SLM_ENDPOINT: values.endpoint } : {}),
      ...(values.model ? { SLM_MODEL: values.model } : {}),
    };
    const slm = loadConfig(env).slm;
    const llm = modelGiven && slm.provider !== 'none' ? createLlm(slm) : null;
    const cases = [];
    // One at a time: a local model server answers one request at a time anyway, and latencies stay comparable.
    for (const entry of corpus) cases.push(await evaluateCase(entry, llm));
    const r = report(cases, modelGiven);
    if (values.json) io.out(JSON.stringify(r, null, 2));
    else printText(r, llm ? `model ${llm.provider} ${llm.model}` : 'rules analyzer', io);
    return 0;
  },
};
