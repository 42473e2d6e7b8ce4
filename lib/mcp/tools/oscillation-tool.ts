import * as z from 'zod';
import { durationWords } from '../../domain/duration-words.ts';
import { analyseOscillation } from '../../domain/oscillation.ts';
import { defineTool } from '../define-tool.ts';
import { TargetArgument, targetOf, WindowArgument, windowMs } from '../tool-arguments.ts';

const DimensionSwing = z.object({
  dimension: z.string().describe('replicas, minReplicas, maxReplicas, "<container> memory (Mi)", "<container> cpu (m)", "storage (Gi)"'),
  values: z.array(z.number()).describe('the values our changes went through, oldest first'),
  changes: z.number().int(),
  direction_changes: z.number().int(),
  amplitude: z.number(),
  period_minutes: z.number().nullable(),
});

const OscillationReport = z.object({
  target: z.string(),
  window_minutes: z.number(),
  severity: z.enum(['none', 'low', 'medium', 'high']).describe('medium: the next change needs a person; high: it is refused'),
  confidence: z.number().min(0).max(1),
  reasoning: z.string(),
  thresholds: z.object({ approval_at: z.number().int(), block_at: z.number().int() }),
  dimensions: z.array(DimensionSwing),
});

/** analyze_oscillation: how our own changes swung an object's numbers over a window (the analysis the oscillation gate uses). */
export const oscillationTool = defineTool({
  name: 'analyze_oscillation',
  title: 'Oscillation of an object',
  description:
    "How alerts-slm's own performed changes moved an object's replicas, HPA bounds, container CPU/memory requests or claim size over a window: " +
    'direction changes, amplitude, period, severity and confidence. The same analysis the oscillation gate applies before the next change.',
  input: z.object({ target: TargetArgument, window: WindowArgument.optional() }),
  output: OscillationReport,
  async run({ store, policy, now }, args) {
    const target = targetOf(args.target);
    const thresholds = { ...policy.oscillation, windowMs: args.window ? windowMs(args.window) : policy.oscillation.windowMs };
    const at = now();
    const o = analyseOscillation(
      await store.actions.changeSeries(target.key, new Date(at.getTime() - thresholds.windowMs)),
      at,
      thresholds,
    );
    const data = {
      target: target.key,
      window_minutes: Math.round(thresholds.windowMs / 60_000),
      severity: o.severity,
      confidence: o.confidence,
      reasoning: o.reasoning,
      thresholds: { approval_at: thresholds.approvalAt, block_at: thresholds.blockAt },
      dimensions: o.dimensions.map((d) => ({
        dimension: d.dimension,
        values: d.values,
        changes: d.changes,
        direction_changes: d.directionChanges,
        amplitude: d.amplitude,
        period_minutes: d.periodMs === null ? null : Math.round(d.periodMs / 60_000),
      })),
    };
    const text = [
      `${target.key} over the last ${durationWords(thresholds.windowMs)}: ${o.severity === 'none' ? 'no oscillation' : `${o.severity} oscillation (confidence ${o.confidence})`}`,
      o.reasoning,
      ...data.dimensions.map(
        (d) =>
          `  ${d.dimension}: ${d.values.join(' → ')} (${d.direction_changes} reversal(s) in ${d.changes} change(s), amplitude ${d.amplitude})`,
      ),
      `the next change needs a person from ${thresholds.approvalAt} reversals and is refused from ${thresholds.blockAt}`,
    ].join('\n');
    return { text, data };
  },
});
