import * as z from 'zod';
import { InvalidError } from './errors.ts';

/** An InvalidError naming the first invalid field of `what`, e.g. "webhook body: alerts[0].status: …". */
export const invalidFromZod = (what: string, error: z.ZodError, options: { status?: number; code?: string } = {}): InvalidError => {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${z.core.toDotPath(issue.path)}: ` : '';
  // No cause: a zod error carries the input, which may hold secrets.
  return new InvalidError(`${what}: ${where}${issue?.message ?? 'invalid'}`, options);
};
