import type { FigureResult } from './bench-report.ts';

const shown = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

/** The figures as an aligned text table (median, baseline, ratio, goal, met), then what each baseline is and the details. */
export const figureTable = (figures: readonly FigureResult[]): string[] => {
  const rows = figures.map((f) => [
    f.name,
    `${shown(f.median)} ${f.unit}`,
    `${shown(f.baselineMedian)} ${f.unit}`,
    `${f.ratio.toFixed(2)}×`,
    f.goal ?? '—',
    f.met === null ? '—' : f.met ? 'yes' : 'NO',
    String(f.rounds),
    f.reference ? `${shown(f.reference.median)} ${f.unit} (${f.reference.ratio.toFixed(2)}×)` : '',
  ]);
  const header = ['figure', 'median', 'baseline', 'ratio', 'goal', 'met', 'rounds', 'reference'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  const described = [
    ...new Set(
      figures.flatMap((f) => [
        `baseline of ${f.name.replace(/:.*/, '')}: ${f.baseline}`,
        ...(f.reference ? [`reference: ${f.reference.name}`] : []),
      ]),
    ),
  ];
  const details = figures
    .filter((f) => Object.keys(f.details).length > 0)
    .map(
      (f) =>
        `${f.name}: ${Object.entries(f.details)
          .map(([k, v]) => `${k} ${shown(v)}`)
          .join(', ')}`,
    );
  return [line(header), ...rows.map(line), '', ...described, ...(details.length ? ['', ...details] : [])];
};
