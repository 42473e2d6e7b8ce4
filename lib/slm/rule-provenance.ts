import type { Provenance } from '../domain/provenance.ts';
import { PROMPT_VERSION } from './prompt.ts';

/** The provenance of a recommendation no model made (a rule, or a compensation), with why when it stood in for one. */
export const ruleProvenance = (degraded: string | null = null): Provenance => ({
  source: 'rules',
  provider: null,
  model: null,
  modelDigest: null,
  promptVersion: PROMPT_VERSION,
  latencyMs: 0,
  tokens: { prompt: null, completion: null },
  degraded,
});
