import * as z from 'zod';
import { parseDuration } from '../domain/duration.ts';
import { InvalidError } from '../errors/errors.ts';
import { parseTargetKey, TARGET_KEY_FORMAT, targetKey } from '../domain/target.ts';

/** A target argument: `namespace/Kind/name`, or `Kind/name` for a cluster-scoped object. */
export const TargetArgument = z
  .string()
  .max(320)
  .refine((text) => parseTargetKey(text) !== null, { error: `target must be ${TARGET_KEY_FORMAT}` })
  .describe('the object, as namespace/Kind/name (e.g. shop/Deployment/api), or Kind/name for a Node');

/** A point in time: an RFC 3339 timestamp, or a duration back from now (`90m`, `24h`, `7d`). */
export const SinceArgument = z
  .string()
  .max(40)
  .refine((text) => sinceDate(text, new Date()) !== null, {
    error: 'since must be a duration back from now (90m, 24h, 7d) or an RFC 3339 timestamp',
  })
  .describe('only what started after this: a duration back from now (24h, 7d) or an RFC 3339 timestamp');

/** A window: a duration such as `6h` (the policy's oscillation window when left out). */
export const WindowArgument = z
  .string()
  .max(20)
  .refine((text) => durationMs(text) !== null, { error: 'window must be a duration such as 90m, 6h or 2d' })
  .describe('how far back to look, as a duration (90m, 6h, 2d)');

const durationMs = (text: string): number | null => {
  try {
    const ms = parseDuration(text);
    return ms > 0 ? ms : null;
  } catch {
    return null;
  }
};

/** `since` as a date: a timestamp, or now minus a duration; null when it is neither. */
export const sinceDate = (text: string, now: Date): Date | null => {
  const back = durationMs(text);
  if (back !== null) return new Date(now.getTime() - back);
  if (!/^\d{4}-\d\d-\d\dT/.test(text)) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
};

/** A window argument in milliseconds (validated by WindowArgument). */
export const windowMs = (text: string): number => durationMs(text) ?? 0;

/** The target of a validated argument: its parts and its key. */
export const targetOf = (text: string) => {
  const target = parseTargetKey(text);
  if (!target) throw new InvalidError(`target must be ${TARGET_KEY_FORMAT}`);
  return { ...target, key: targetKey(target) };
};
