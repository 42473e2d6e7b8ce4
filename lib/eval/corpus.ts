import * as z from 'zod';
import { WebhookAlert } from '../alertmanager/webhook.ts';
import { InvalidError } from '../errors/errors.ts';
import { invalidFromZod } from '../errors/invalid-from-zod.ts';
import { CorpusCluster } from './corpus-cluster.ts';

// Action names outside the catalog are allowed here: a corpus may name harmful actions we never offer.
const Actions = z.array(z.string().min(1));

/** One labelled case: an Alertmanager `alerts[]` element plus what a good answer is, why, and where it comes from. */
export const CorpusEntry = WebhookAlert.extend({
  id: z.string().min(1),
  /** What the figures are grouped by, e.g. `node-hardware`. */
  category: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'lowercase words joined by -'),
  /** The alerting rule the labels follow, e.g. `kubernetes-mixin alerts/apps_alerts.libsonnet`. */
  source: z.string().min(1),
  /** One line from the runbook: why the preferred action is the right one. */
  rationale: z.string().min(1),
  /** Acceptable actions. */
  expected: Actions.min(1),
  /** The best actions, a subset of expected. */
  preferred: Actions.min(1),
  /** Harmful actions, none of them expected. */
  must_not: Actions,
  cluster: CorpusCluster.optional(),
}).superRefine((entry, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  for (const action of entry.preferred) if (!entry.expected.includes(action)) issue('preferred', `${action} is preferred but not expected`);
  for (const action of entry.must_not) if (entry.expected.includes(action)) issue('must_not', `${action} is both expected and harmful`);
});
export type CorpusEntry = z.infer<typeof CorpusEntry>;

/** A corpus file's content (`origin` names it): a JSON array of entries; throws naming the first bad entry and field. */
export const parseCorpus = (json: unknown, origin = 'corpus'): CorpusEntry[] => {
  const result = z.array(CorpusEntry).min(1).safeParse(json);
  if (result.success) return result.data;
  const index = result.error.issues[0]?.path[0];
  const id = typeof index === 'number' ? (json as { id?: string }[])[index]?.id : undefined;
  throw invalidFromZod(`invalid ${origin}${id ? ` (entry ${id})` : ''}`, result.error);
};

/** Several corpus files as one corpus; an id used twice is refused, since figures are reported per case. */
export const joinCorpora = (parts: readonly CorpusEntry[][]): CorpusEntry[] => {
  const seen = new Set<string>();
  for (const entry of parts.flat()) {
    if (seen.has(entry.id)) throw new InvalidError(`invalid corpus: entry id ${entry.id} is used twice`);
    seen.add(entry.id);
  }
  return parts.flat();
};
