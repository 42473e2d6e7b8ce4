const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses `500ms`, `30s`, `5m`, `1h30m`, `2d` into milliseconds. A number without a unit is refused (is `30` thirty
 * seconds or thirty milliseconds?), except 0, which is the same in every unit. Throws on anything else.
 */
export const parseDuration = (text: string | number): number => {
  const input = String(text).trim();
  if (/^\d+(?:\.\d+)?$/.test(input)) {
    if (Number(input) === 0) return 0;
    throw new Error(`"${input}" has no unit; write ${input}s (or ${input}ms, ${input}m, ${input}h)`);
  }
  const parts = [...input.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== input) {
    throw new Error(`"${input}" is not a duration (use e.g. 500ms, 30s, 5m, 1h)`);
  }
  return parts.reduce((ms, [, n, unit]) => ms + Number(n) * (UNITS_MS[unit ?? ''] ?? 0), 0);
};

/** Parses an ISO 8601 duration as Knative's delivery spec uses it (`PT0.5S`, `PT1M`, `P1D`) into milliseconds. */
export const parseIsoDuration = (text: string): number => {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) throw new Error(`"${text}" is not an ISO 8601 duration (e.g. PT0.2S)`);
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  return Math.round(((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000);
};
