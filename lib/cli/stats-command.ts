import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import type { Command } from './command.ts';
import { withStore } from './store-command.ts';
import { calibration, type Calibration } from '../assess/calibration.ts';

// How well the learning loop's predictions matched what the assessments found.
const calibrationLines = (c: Calibration): string[] => {
  if (c.count === 0)
    return ['', 'predictions: none judged yet (each changing action is predicted when recommended, checked when assessed)'];
  const range = (b: Calibration['buckets'][number]) => `${pct(b.from)}-${pct(b.to)}`.padEnd(9);
  return [
    '',
    `predictions vs outcomes: ${c.count} judged, Brier score ${c.brierScore?.toFixed(3)} (0 is perfect; always saying 50% scores 0.250)`,
    `${'PREDICTED'.padEnd(9)} ${'CASES'.padStart(5)} ${'MEAN'.padStart(5)} ${'HELPED'.padStart(6)}`,
    ...c.buckets
      .filter((b) => b.count > 0)
      .map((b) => `${range(b)} ${String(b.count).padStart(5)} ${pct(b.meanPredicted).padStart(5)} ${pct(b.observedRate).padStart(6)}`),
  ];
};

const pct = (x: number | null) => (x === null ? '-' : `${Math.round(x * 100)}%`);

/** `alerts-slm stats`: how often each action helped, per alert name, next to how often the alert cleared on its own. */
export const statsCommand: Command = {
  name: 'stats',
  usage: 'stats [--json]',
  summary: 'effectiveness per alert name and action, next to the no-action baseline',
  usesStore: true,
  async run(args, io) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
    const windowMs = loadConfig(io.env).assess.validityMs;
    const { rows, baselines, predictions } = await withStore(io, async (store) => {
      const rows = await store.decisions.effectiveness();
      const names = [...new Set([...rows.map((r) => r.alertname), ...(await store.alerts.names())])];
      return {
        rows,
        baselines: await Promise.all(names.map((n) => store.history.noActionBaseline(n, windowMs))),
        predictions: calibration(await store.decisions.predictionOutcomes()),
      };
    });
    if (values.json) {
      io.out(JSON.stringify({ windowMinutes: Math.round(windowMs / 60_000), actions: rows, baselines, predictions }, null, 2));
      return 0;
    }
    io.out(
      `${'ALERT'.padEnd(34)} ${'ACTION'.padEnd(20)} ${'SAMPLES'.padStart(7)} ${'EFFECTIVE'.padStart(9)} ${'HARMFUL'.padStart(7)} ${'NO ACTION'.padStart(9)}`,
    );
    for (const b of baselines) {
      const mine = rows.filter((r) => r.alertname === b.alertname);
      io.out(
        `${b.alertname.slice(0, 34).padEnd(34)} ${'(none: baseline)'.padEnd(20)} ${String(b.samples).padStart(7)} ${pct(b.rate).padStart(9)} ${'-'.padStart(7)} ${pct(b.rate).padStart(9)}`,
      );
      for (const r of mine)
        io.out(
          `${''.padEnd(34)} ${r.action.padEnd(20)} ${String(r.samples).padStart(7)} ${pct(r.rate).padStart(9)} ${String(r.harmful).padStart(7)} ${pct(b.rate).padStart(9)}`,
        );
    }
    if (baselines.length === 0) io.out('no incidents recorded yet');
    for (const line of calibrationLines(predictions)) io.out(line);
    return 0;
  },
};
