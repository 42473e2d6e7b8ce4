import { z } from 'zod';
import { WebhookAlert } from '../alertmanager/webhook.ts';
import { invalidFromZod } from '../errors/invalid-from-zod.ts';

/** One labelled case: an Alertmanager `alerts[]` element plus what a good answer is (other keys are ignored). */
export const CorpusEntry = WebhookAlert.extend({
  id: z.string().min(1),
  // Action names outside the catalog are allowed here: a corpus may name harmful actions we never offer.
  expected: z.array(z.string()).min(1),
  preferred: z.array(z.string()),
  must_not: z.array(z.string()),
});
export type CorpusEntry = z.infer<typeof CorpusEntry>;

/** A corpus file's content: a JSON array of entries; throws InvalidError naming the first bad entry and field. */
export const parseCorpus = (json: unknown): CorpusEntry[] => {
  const result = z.array(CorpusEntry).min(1).safeParse(json);
  if (result.success) return result.data;
  const index = result.error.issues[0]?.path[0];
  const id = typeof index === 'number' ? (json as { id?: string }[])[index]?.id : undefined;
  throw invalidFromZod(`invalid corpus${id ? ` (entry ${id})` : ''}`, result.error);
};
