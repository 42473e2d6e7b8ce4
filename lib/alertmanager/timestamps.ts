// Alertmanager marks "no end yet" with Go's zero time, 0001-01-01T00:00:00Z.
const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/** An RFC 3339 timestamp of any precision and offset as UTC ISO with milliseconds. */
export const toUtcIso = (timestamp: string): string => new Date(timestamp).toISOString();

/** The times the pipeline stores: from 1970 to the end of year 9999 (Postgres and ISO 8601 without a sign). */
export const TIMESTAMP_RANGE = { from: Date.UTC(1970, 0, 1), until: Date.UTC(10000, 0, 1) } as const;

/** Is this RFC 3339 time one the pipeline can store? */
export const inStorableRange = (timestamp: string): boolean => {
  const ms = Date.parse(timestamp);
  return ms >= TIMESTAMP_RANGE.from && ms < TIMESTAMP_RANGE.until;
};

/** endsAt as UTC ISO, or null when absent, Go's zero time (the alert has no end yet), or any time before 1970. */
export const endsAtOrNull = (timestamp: string | undefined): string | null => {
  if (timestamp === undefined) return null;
  const ms = Date.parse(timestamp);
  return ms <= GO_ZERO_TIME || ms < TIMESTAMP_RANGE.from ? null : new Date(ms).toISOString();
};
