import * as z from 'zod';
import { ActionName } from '../../domain/action-name.ts';
import { actionSpec } from '../../catalog/catalog.ts';
import { ContainerName } from '../../domain/target.ts';
import { GateVerdict } from '../../domain/execution.ts';
import { evaluatePolicy, GATES } from '../../policy/evaluate-policy.ts';
import { gatherFacts } from '../../gate-facts/gather-facts.ts';
import { defineTool } from '../define-tool.ts';
import { TargetArgument, targetOf } from '../tool-arguments.ts';

const SafetyVerdict = z.object({
  gate: z.string(),
  verdict: GateVerdict.shape.verdict,
  reason: z.string(),
  remedy: z.string().nullable().describe('what would make this gate pass (null when it passes)'),
});

const SafetyReport = z.object({
  target: z.string(),
  action: ActionName,
  risk: z.string(),
  disruptive: z.boolean(),
  is_safe: z.boolean().describe('every gate passes: execute would perform it on its own now'),
  decision: z.enum(['perform', 'approval', 'reject', 'dry_run']),
  severity: z.enum(['safe', 'needs_approval', 'blocked', 'simulated_only']),
  verdicts: z.array(SafetyVerdict),
  to_make_safe: z.array(z.string()).describe('for each gate that did not pass: what would make it pass'),
  parameters: z.record(z.string(), z.unknown()).describe('the parameters the gates would use (clamped where the policy clamps)'),
  assumptions: z.array(z.string()),
});

const SEVERITY = { perform: 'safe', approval: 'needs_approval', reject: 'blocked', dry_run: 'simulated_only' } as const;
const REMEDY = new Map(GATES.map((g) => [g.name, g.remedy]));

/** check_action_safety: every gate on a proposed action against the live facts, changing nothing (no lock, no record). */
export const actionSafetyTool = defineTool({
  name: 'check_action_safety',
  title: 'Would this action be safe now?',
  description:
    "Runs every safety gate of alerts-slm's execute on a proposed catalog action against the cluster's and the history's facts as they are now, " +
    'without doing anything (no lock taken, nothing recorded): whether it is safe, each verdict, the severity, and what would make it safe.',
  input: z.object({
    target: TargetArgument,
    action: ActionName.describe('a catalog action'),
    parameters: z.record(z.string(), z.unknown()).default({}).describe('the action\'s parameters (see the catalog), e.g. {"replicas": 6}'),
    container: ContainerName.optional().describe('for increase_resources on a workload with several containers: which one'),
    alertname: z.string().max(200).optional().describe('the alert it would answer (its measured effectiveness counts); default: none'),
    severity: z.string().max(40).default('warning').describe("the alert's severity (the policy's modes depend on it)"),
    confidence: z.number().min(0).max(1).default(1).describe('the recommendation confidence to assume (default 1)'),
  }),
  output: SafetyReport,
  async run({ store, cluster, policy, validityMs, now }, args) {
    const t = targetOf(args.target);
    const spec = actionSpec(args.action);
    const target = {
      kind: t.kind,
      namespace: t.namespace,
      name: t.name,
      container: args.container ?? null,
      verified: false,
      via: 'labels' as const,
    };
    const alertname = args.alertname ?? '(no alert)';
    const request = { target, parameters: args.parameters, alert: { fingerprint: '', alertname }, incident: null };
    const gathered = await gatherFacts({ store, cluster, policy, assess: { validityMs }, now }, request, spec, null);
    // There is no alert behind a what-if: judge it as if one were firing and its incident open.
    const facts = { ...gathered, alertStatus: 'firing' as const, incidentStatus: 'open' as const };
    const proposal = {
      action: spec,
      parameters: args.parameters,
      confidence: args.confidence,
      target,
      severity: args.severity,
      namespace: t.namespace ?? '',
    };
    const d = evaluatePolicy({ proposal, facts, policy, dryRun: false });
    const verdicts = d.verdicts.map((v) => ({ ...v, remedy: v.verdict === 'pass' ? null : (REMEDY.get(v.gate) ?? null) }));
    const data = {
      target: t.key,
      action: args.action,
      risk: spec.risk,
      disruptive: spec.disruptive,
      is_safe: d.decision === 'perform',
      decision: d.decision,
      severity: SEVERITY[d.decision],
      verdicts,
      to_make_safe: verdicts.filter((v) => v.remedy).map((v) => `${v.gate}: ${v.remedy}`),
      parameters: d.parameters,
      assumptions: [
        `judged as if ${args.alertname ? `${args.alertname} (severity ${args.severity})` : `an alert of severity ${args.severity}`} were firing now, with confidence ${args.confidence}`,
        cluster.available
          ? 'the target and its workload were read from the cluster now'
          : 'no cluster access: the target could not be read, and execute would only simulate',
        'the global DRY_RUN of execute is not known here; where it is set, execute only simulates',
      ],
    };
    const blocked = verdicts.filter((v) => v.verdict !== 'pass');
    const text = [
      `${args.action} on ${t.key}: ${data.is_safe ? 'safe now: every gate passes' : `not safe on its own: ${data.severity.replace('_', ' ')}`}`,
      ...blocked.map((v) => `  ${v.verdict === 'block' ? 'blocked' : 'needs a person'} (${v.gate}): ${v.reason}\n    to pass: ${v.remedy}`),
      `  ${verdicts.length - blocked.length} of ${verdicts.length} gates pass`,
      ...data.assumptions.map((a) => `  assumed: ${a}`),
    ].join('\n');
    return { text, data };
  },
});
