// Alertmanager marks "no end yet" with Go's zero time, 0001-01-01T00:00:00Z.
const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/** An RFC 3339 timestamp of any precision and offset as UTC ISO with milliseconds. */
export const toUtcIso = (timestamp: string): string => new Date(timestamp).toISOString();

/** endsAt as UTC ISO, or null when absent or Go's zero time (the alert has no end yet). */
export const endsAtOrNull = (timestamp: string | undefined): string | null => {
  if (timestamp === undefined) return null;
  const ms = Date.parse(timestamp);
  return ms <= GO_ZERO_TIME ? null : new Date(ms).toISOString();
};
