import * as z from 'zod';
import { parseDuration } from './duration.ts';

// Field types that accept both YAML values and environment strings.

/** Adds a custom issue to a field's parse and gives up on the value. */
export const fail = (ctx: z.RefinementCtx, message: string): never => {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
};

/** An integer in [min, max], from a number or a numeric string. */
export const intField = (min: number, max: number) =>
  z.union([z.number(), z.string()]).transform((v, ctx) => {
    const n = typeof v === 'number' ? v : /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
    return Number.isInteger(n) && n >= min && n <= max ? n : fail(ctx, `expected an integer from ${min} to ${max}`);
  });

/** A number in [min, max], from a number or a numeric string. */
export const numberField = (min: number, max: number) =>
  z.union([z.number(), z.string()]).transform((v, ctx) => {
    const n = typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v);
    return Number.isFinite(n) && n >= min && n <= max ? n : fail(ctx, `expected a number from ${min} to ${max}`);
  });

const TRUTH: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false, on: true, off: false };

/** A boolean, from true/false or true/false/1/0/yes/no/on/off. */
export const boolField = () =>
  z.union([z.boolean(), z.string()]).transform((v, ctx) => {
    const b = typeof v === 'boolean' ? v : TRUTH[v.trim().toLowerCase()];
    return b ?? fail(ctx, 'expected true or false');
  });

/** A list of strings, from a YAML list or a comma-separated string. */
export const listField = () =>
  z
    .union([z.array(z.string()), z.string()])
    .transform((v) => (typeof v === 'string' ? v.split(',') : v).map((s) => s.trim()).filter((s) => s !== ''));

/** A duration in milliseconds, from `30s`, `5m`, `1h`; a number without a unit (but 0) is refused. */
export const durationField = () =>
  z.union([z.number(), z.string()]).transform((v, ctx) => {
    try {
      return parseDuration(v);
    } catch (error) {
      return fail(ctx, (error as Error).message);
    }
  });

/** An absolute http(s) URL. */
export const urlField = () =>
  z.string().transform((v, ctx) => {
    try {
      const url = new URL(v);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
    } catch {}
    return fail(ctx, 'expected an http:// or https:// URL');
  });

/** A section of settings: an unknown key (a typo) is refused, naming it and the keys the section knows. */
export const strictSection = <S extends z.ZodRawShape>(shape: S) =>
  z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const unknown = issue.keys.map((k) => JSON.stringify(k)).join(', ');
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${unknown}; known keys: ${Object.keys(shape).join(', ')}`;
    },
  });
