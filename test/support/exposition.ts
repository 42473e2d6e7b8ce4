// Reads Prometheus' text exposition format (what /metrics serves) into samples, as a scraper sees them.

/** One sample line: its name (with _bucket, _sum, _count for histograms), its labels and its value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A metric family: its TYPE and the samples under it. */
export interface Family {
  type: string;
  samples: Sample[];
}

const unescapeValue = (value: string) => value.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));

const parseLabels = (text: string): Record<string, string> =>
  Object.fromEntries(
    [...text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1] as string, unescapeValue(m[2] as string)]),
  );

/** Every sample of the exposition, by family name (histogram samples under their family). */
export const parseExposition = (text: string): Map<string, Family> => {
  const families = new Map<string, Family>();
  let current: Family | undefined;
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      current = { type: type[2] as string, samples: [] };
      families.set(type[1] as string, current);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!m || !current) throw new Error(`not an exposition line: ${line}`);
    current.samples.push({ name: m[1] as string, labels: parseLabels(m[2] ?? ''), value: Number(m[3]) });
  }
  return families;
};

/** The sum of the samples named `name` whose labels include `labels` (0 when there are none). */
export const sampleSum = (text: string, name: string, labels: Record<string, string> = {}): number =>
  [...parseExposition(text).values()]
    .flatMap((f) => f.samples)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
