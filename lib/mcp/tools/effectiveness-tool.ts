import * as z from 'zod';
import { ActionName } from '../../domain/action-name.ts';
import { defineTool } from '../define-tool.ts';
import { TargetArgument, targetOf } from '../tool-arguments.ts';

const Row = z.object({
  alertname: z.string(),
  action: z.string(),
  samples: z.number().int().describe('performed actions with an assessment'),
  effective: z.number().int(),
  ineffective: z.number().int(),
  harmful: z.number().int(),
  inconclusive: z.number().int(),
  success_rate: z.number().nullable().describe('effective / judged (inconclusive left out); null before any judged one'),
  baseline_rate: z.number().nullable().describe('how often this alert cleared on its own, without a remedial action'),
});

const Baseline = z.object({
  alertname: z.string(),
  samples: z.number().int(),
  resolved_within: z.number().int(),
  rate: z.number().nullable(),
});

const Effectiveness = z.object({
  filter: z.object({ alertname: z.string().optional(), action: z.string().optional(), target: z.string().optional() }),
  window_minutes: z.number().describe('the assessment window: "cleared on its own" means within it'),
  rows: z.array(Row),
  baselines: z.array(Baseline),
});

const pct = (x: number | null) => (x === null ? '-' : `${Math.round(x * 100)}%`);

/** get_effectiveness: assessed outcomes of performed actions, next to how often the alert cleared with no action. */
export const effectivenessTool = defineTool({
  name: 'get_effectiveness',
  title: 'How well actions worked',
  description:
    'Assessed outcomes of the actions alerts-slm performed (effective, ineffective, harmful, inconclusive) per alert name and action, ' +
    'with success rates and sample sizes next to the no-action baseline (how often the same alert cleared on its own). ' +
    'Give exactly one of alertname, action or target.',
  input: z
    .object({
      alertname: z.string().min(1).max(200).optional().describe('an alert name, e.g. KubePodCrashLooping'),
      action: ActionName.optional().describe('a catalog action'),
      target: TargetArgument.optional(),
    })
    .refine((a) => [a.alertname, a.action, a.target].filter((x) => x !== undefined).length === 1, {
      error: 'give exactly one of alertname, action or target',
    }),
  output: Effectiveness,
  async run({ store, validityMs }, args) {
    const target = args.target ? targetOf(args.target) : null;
    const rows = await store.decisions.effectiveness({
      ...(args.alertname ? { alertname: args.alertname } : {}),
      ...(args.action ? { action: args.action } : {}),
      ...(target ? { targetKey: target.key } : {}),
    });
    const names = [...new Set([...(args.alertname ? [args.alertname] : []), ...rows.map((r) => r.alertname)])];
    const baselines = await Promise.all(names.map((n) => store.history.noActionBaseline(n, validityMs)));
    const baselineOf = new Map(baselines.map((b) => [b.alertname, b.rate]));
    const data = {
      filter: {
        ...(args.alertname ? { alertname: args.alertname } : {}),
        ...(args.action ? { action: args.action } : {}),
        ...(target ? { target: target.key } : {}),
      },
      window_minutes: Math.round(validityMs / 60_000),
      rows: rows.map(({ rate, ...r }) => ({ ...r, success_rate: rate, baseline_rate: baselineOf.get(r.alertname) ?? null })),
      baselines: baselines.map((b) => ({ alertname: b.alertname, samples: b.samples, resolved_within: b.resolvedWithin, rate: b.rate })),
    };
    const what = Object.entries(data.filter)
      .map(([k, v]) => `${k} ${v}`)
      .join('');
    const text = [
      rows.length ? `assessed actions for ${what}:` : `no assessed action yet for ${what}`,
      ...data.rows.map(
        (r) =>
          `  ${r.alertname} / ${r.action}: ${pct(r.success_rate)} effective of ${r.samples - r.inconclusive} judged (${r.samples} assessed, ${r.harmful} harmful); no action: ${pct(r.baseline_rate)}`,
      ),
      ...data.baselines.map(
        (b) =>
          `  baseline ${b.alertname}: ${b.resolved_within} of ${b.samples} incident(s) without a remedial action cleared within ${data.window_minutes} min (${pct(b.rate)})`,
      ),
    ].join('\n');
    return { text, data };
  },
});
