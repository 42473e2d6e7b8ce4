const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
];

/**
 * A duration as a person reads it: `45 s`, `12 min`, `3 h 20 min`, `2 d 4 h` (at most two adjacent units, rounded
 * down; seconds only under a minute).
 */
export const durationWords = (ms: number): string => {
  let left = Math.max(0, Math.floor(ms / 1000) * 1000);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (unit === 's' && parts.length > 0) break;
    if (left >= size) {
      parts.push(`${Math.floor(left / size)} ${unit}`);
      left %= size;
    } else if (parts.length > 0) break;
    if (parts.length === 2) break;
  }
  return parts.join(' ') || '0 s';
};
