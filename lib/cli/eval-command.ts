import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { parseCorpus } from '../eval/corpus.ts';
import { evaluateCase } from '../eval/evaluate.ts';
import { report } from '../eval/report.ts';
import { createLlm } from '../slm/create-llm.ts';
import { UsageError, type Command } from './command.ts';

/** `alerts-slm eval`: runs the analyzer and the default policy over a labelled corpus and reports quality. */
export const evalCommand: Command = {
  name: 'eval',
  usage: 'eval <corpus.json> [--provider ollama|openai --endpoint URL --model M] [--json]',
  summary: 'score the model (when given) or the rules, and the policy, on a labelled corpus of alerts',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { provider: { type: 'string' }, endpoint: { type: 'string' }, model: { type: 'string' }, json: { type: 'boolean', default: false } } });
    if (positionals.length !== 1) throw new UsageError('give one corpus file');
    const corpus = parseCorpus(JSON.parse(readFileSync(positionals[0] as string, 'utf8')));
    const modelGiven = Boolean(values.provider || values.endpoint || values.model);
    const env = { ...io.env, ...(values.provider ? { SLM_PROVIDER: values.provider } : {}), ...(values.endpoint ? { SLM_ENDPOINT: values.endpoint } : {}), ...(values.model ? { SLM_MODEL: values.model } : {}) };
    const slm = loadConfig(env).slm;
    const llm = modelGiven && slm.provider !== 'none' ? createLlm(slm) : null;
    const cases = [];
    // One at a time: a local model server answers one request at a time anyway, and latencies stay comparable.
    for (const entry of corpus) cases.push(await evaluateCase(entry, llm));
    const r = report(cases, modelGiven);
    if (values.json) {
      io.out(JSON.stringify(r, null, 2));
      return 0;
    }
    io.out(`${llm ? `model ${llm.provider} ${llm.model}` : 'rules analyzer'} on ${r.total} cases`);
    io.out(`${'CASE'.padEnd(12)} ${'ACTION'.padEnd(20)} ${'SOURCE'.padEnd(7)} ${'DECISION'.padEnd(9)} OK`);
    for (const c of r.cases) io.out(`${c.id.padEnd(12)} ${c.action.padEnd(20)} ${c.source.padEnd(7)} ${c.decision.padEnd(9)} ${c.ok ? 'yes' : 'NO'}`);
    io.out(`preferred ${r.preferred_hit}/${r.total}, acceptable ${r.expected_hit}/${r.total}, harmful recommended ${r.must_not_recommended}, harmful the policy would perform ${r.must_not_allowed}, invalid outputs ${r.invalid_outputs}, fallbacks ${r.fallbacks}, latency p50 ${r.latency_ms.p50} ms p95 ${r.latency_ms.p95} ms`);
    return 0;
  },
};
