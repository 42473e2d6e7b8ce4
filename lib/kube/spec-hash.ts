import { createHash } from 'node:crypto';

// Keys sorted at every level: the same spec always hashes the same, whatever order the API returned it in.
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object' && !(value instanceof Date)
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value;

/** A short, stable hash of a spec (pre/post comparison, drift, the ineffective chain). */
export const specHash = (spec: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(canonical(spec) ?? null))
    .digest('hex')
    .slice(0, 16);
