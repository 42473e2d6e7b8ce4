import type * as z from 'zod';
import { InvalidError } from './errors.ts';

/** `alerts[0].labels.alertname` for a zod issue path. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');

/** An InvalidError naming the first invalid field of `what`, e.g. "webhook body: alerts[0].status: …". */
export const invalidFromZod = (what: string, error: z.ZodError, options: { status?: number; code?: string } = {}): InvalidError => {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${formatPath(issue.path)}: ` : '';
  // No cause: a zod error carries the input, which may hold secrets.
  return new InvalidError(`${what}: ${where}${issue?.message ?? 'invalid'}`, options);
};
