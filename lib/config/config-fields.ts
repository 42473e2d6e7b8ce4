import * as z from 'zod';
import { parseMatchers } from '../alertmanager/matchers.ts';
import { fail } from '../domain/schema-fields.ts';
import { Secret } from './secret.ts';

// Field types that need the adapters' vocabulary: secrets and Alertmanager matchers.

/** A secret string; its value never appears in messages. */
export const secretField = () =>
  z.string().transform((v, ctx) => (v.trim() === '' ? fail(ctx, 'must not be empty') : new Secret(v.trim())));

/** Alertmanager-style label matchers, from a string (`a="b", c=~"d"`) or a YAML list (each item parsed alone, as Alertmanager does). */
export const matchersField = () =>
  z.union([z.array(z.string()), z.string()]).transform((v, ctx) => {
    try {
      return typeof v === 'string' ? parseMatchers(v) : v.flatMap((item) => parseMatchers(item));
    } catch (error) {
      return fail(ctx, (error as Error).message);
    }
  });
