import type { GateVerdict } from '../domain/execution.ts';
import type { Decision } from '../domain/execution.ts';
import { bounds } from './bounds-gate.ts';
import { blastRadius, globalConcurrency, inFlight, rateSpike } from './capacity-gates.ts';
import type { Gate, GateInput } from './gate.ts';
import { headroom } from './headroom-gate.ts';
import { consecutiveFailures, cooldown, declinedHold, ineffectiveChain, measuredEffectiveness } from './history-gates.ts';
import { oscillation } from './oscillation-gate.ts';
import { gitopsOwnership, hpaConflict } from './ownership-gates.ts';
import { parametersValid } from './parameters-gate.ts';
import { actionAllowlist, autonomy, minimumConfidence, namespaceAllowlist, protectedNamespace, riskAutonomy } from './scope-gates.ts';
import { alertStillFiring, targetExists } from './state-gates.ts';

/** Every gate, in the order their verdicts are listed. */
export const GATES: readonly Gate[] = [
  parametersValid,
  targetExists,
  alertStillFiring,
  protectedNamespace,
  namespaceAllowlist,
  actionAllowlist,
  autonomy,
  riskAutonomy,
  minimumConfidence,
  bounds,
  hpaConflict,
  gitopsOwnership,
  cooldown,
  declinedHold,
  inFlight,
  globalConcurrency,
  blastRadius,
  rateSpike,
  consecutiveFailures,
  ineffectiveChain,
  oscillation,
  headroom,
  measuredEffectiveness,
];

/** The policy's answer: what to do, every applicable gate's verdict, and the parameters to use (clamped or not). */
export interface PolicyDecision {
  decision: Decision;
  verdicts: GateVerdict[];
  parameters: Record<string, unknown>;
}

/**
 * Runs every gate that concerns the action (all of them, even after a block, so the record shows everything):
 * any block rejects; a dry-run scope simulates; any approval waits for a person; otherwise perform.
 */
export const evaluatePolicy = (input: GateInput, gates: readonly Gate[] = GATES): PolicyDecision => {
  let parameters = input.proposal.parameters;
  let dryRun = false;
  const verdicts: GateVerdict[] = [];
  for (const gate of gates) {
    if (gate.appliesTo && !gate.appliesTo(input.proposal.action)) continue;
    const result = gate.check({ ...input, proposal: { ...input.proposal, parameters } });
    verdicts.push({ gate: gate.name, verdict: result.verdict, reason: result.reason });
    if (result.parameters) parameters = result.parameters;
    dryRun ||= result.dryRun === true;
  }
  const decision: Decision = verdicts.some((v) => v.verdict === 'block')
    ? 'reject'
    : dryRun
      ? 'dry_run'
      : verdicts.some((v) => v.verdict === 'approval')
        ? 'approval'
        : 'perform';
  return { decision, verdicts, parameters };
};
