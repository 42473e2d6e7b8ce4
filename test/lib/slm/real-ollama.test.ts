import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCorpus } from '../../../lib/eval/corpus.ts';
import { evaluateCase } from '../../../lib/eval/evaluate.ts';
import { createOllamaLlm } from '../../../lib/slm/ollama-llm.ts';

// Against a real Ollama when OLLAMA_HOST names one (with SLM_MODEL pulled); skipped otherwise.
const host = process.env.OLLAMA_HOST;
const corpus = parseCorpus(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'corpus-example.json'), 'utf8')));

if (host) {
  test('a real model answers the example corpus with valid, catalog-bound recommendations', async (t) => {
    const llm = createOllamaLlm({
      endpoint: /^https?:/.test(host) ? host : `http://${host}`,
      model: process.env.SLM_MODEL ?? 'granite3.1-dense:8b',
      temperature: 0.1,
      maxTokens: 512,
      timeoutMs: 120_000,
      retryCount: 1,
      apiKey: null,
    });
    for (const entry of corpus.slice(0, 3)) {
      const r = await evaluateCase(entry, llm);
      t.log(`${entry.id}: ${r.action} (${r.source}, ${r.decision})`);
      t.not(r.source, 'rules', `${entry.id} fell back to the rules: the model did not answer validly`);
      t.false(r.mustNot, `${entry.id}: ${r.action} is harmful here`);
    }
  });
} else {
  test.skip('real Ollama: set OLLAMA_HOST (and SLM_MODEL) to run the example corpus against a real model', () => {});
}
