import * as z from 'zod';

/** Where analyze's facts about the cluster came from, and why not from the first source asked when they did not. */
export const FactsProvenance = z.object({
  source: z.enum(['kubernetes-mcp', 'kubernetes-api', 'labels']),
  fallback: z.string().max(500).nullable().describe('why reads went to this source instead of the Kubernetes MCP server, when they did'),
});
export type FactsProvenance = z.infer<typeof FactsProvenance>;

/** Where a recommendation came from, so every decision can be traced to a model, a prompt or a rule. */
export const Provenance = z.object({
  source: z.enum(['slm', 'rules', 'cache']),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  modelDigest: z.string().nullable(),
  promptVersion: z.string(),
  latencyMs: z.number().nonnegative(),
  tokens: z.object({ prompt: z.number().int().nonnegative().nullable(), completion: z.number().int().nonnegative().nullable() }),
  degraded: z.string().nullable().describe('why the model was not used or not trusted, when it was not'),
  // Absent where no analysis read the cluster (a compensation assess recommends).
  facts: FactsProvenance.optional(),
});
export type Provenance = z.infer<typeof Provenance>;
