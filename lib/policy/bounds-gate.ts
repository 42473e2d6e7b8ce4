import type { BoundKind } from '../catalog/action-spec.ts';
import { block, defineGate, pass, type GateInput } from './gate.ts';
import { chosenContainer } from '../domain/container-choice.ts';
import { parseQuantity } from '../domain/quantity.ts';

/** One bound's outcome for one parameter: fine, or the nearest allowed value and why. */
type Check = { ok: true } | { ok: false; allowed: number; why: string };
const ok: Check = { ok: true };

const replicas = (value: number, param: string, { policy, facts, proposal }: GateInput): Check => {
  const b = policy.bounds;
  const hpa = facts.workload?.hpa;
  const current =
    proposal.action.operandKinds !== 'none' && proposal.action.operandKinds.includes('HorizontalPodAutoscaler')
      ? ((param === 'min_replicas' ? hpa?.minReplicas : hpa?.maxReplicas) ?? null)
      : (facts.workload?.replicas ?? null);
  if (value > b.maxReplicas)
    return { ok: false, allowed: b.maxReplicas, why: `${param} ${value} is above the maximum of ${b.maxReplicas}` };
  if (value < b.minReplicas)
    return { ok: false, allowed: b.minReplicas, why: `${param} ${value} is below the minimum of ${b.minReplicas}` };
  if (current === null) return ok;
  const maxStep = Math.min(b.maxScaleStep, Math.max(1, Math.floor((current * b.maxScaleStepPercent) / 100)));
  const step = value - current;
  if (Math.abs(step) > maxStep)
    return {
      ok: false,
      allowed: current + Math.sign(step) * maxStep,
      why: `${param} ${current} → ${value} is a step of ${Math.abs(step)}; the largest allowed is ${maxStep} (${b.maxScaleStep} or ${b.maxScaleStepPercent}%)`,
    };
  return ok;
};

const increasePercent = (value: number, { policy, facts, proposal }: GateInput): Check => {
  const b = policy.bounds;
  if (value > b.maxResourceIncreasePercent)
    return {
      ok: false,
      allowed: b.maxResourceIncreasePercent,
      why: `an increase of ${value}% is above the ${b.maxResourceIncreasePercent}% cap`,
    };
  if (!facts.workload) return ok;
  const container = chosenContainer(proposal.target?.container ?? null, facts.workload);
  if (!container)
    return { ok: false, allowed: 0, why: `which container to change is unclear (the alert names ${proposal.target?.container ?? 'none'})` };
  const resource = proposal.parameters.resource === 'cpu' ? 'cpu' : 'memory';
  const current = container.limits[resource] ?? container.requests[resource];
  if (!current) return ok;
  const cap = parseQuantity(resource === 'cpu' ? b.maxCpu : b.maxMemory);
  const after = parseQuantity(current) * (1 + value / 100);
  if (after <= cap) return ok;
  const allowed = Math.floor((cap / parseQuantity(current) - 1) * 100);
  return {
    ok: false,
    allowed,
    why: `${resource} ${current} +${value}% would pass the cap of ${resource === 'cpu' ? b.maxCpu : b.maxMemory}`,
  };
};

const pvcGrowth = (value: number, { policy, facts }: GateInput): Check => {
  const b = policy.bounds;
  if (value > b.maxPvcGrowthPercent)
    return { ok: false, allowed: b.maxPvcGrowthPercent, why: `growth of ${value}% is above the ${b.maxPvcGrowthPercent}% cap` };
  const requested = facts.pvc?.requested;
  if (!requested) return ok;
  const cap = parseQuantity(b.maxPvcSize);
  if (parseQuantity(requested) * (1 + value / 100) <= cap) return ok;
  return {
    ok: false,
    allowed: Math.floor((cap / parseQuantity(requested) - 1) * 100),
    why: `${requested} +${value}% would pass the ${b.maxPvcSize} cap`,
  };
};

const CHECKS: Record<BoundKind, (value: number, param: string, input: GateInput) => Check> = {
  replicas,
  'increase-percent': (v, _p, i) => increasePercent(v, i),
  'pvc-growth-percent': (v, _p, i) => pvcGrowth(v, i),
};

/**
 * Parameters within the policy's bounds, as each action declares them. Out of bounds: clamped where the policy
 * says so (and the reason says from what to what), otherwise blocked.
 */
export const bounds = defineGate({
  name: 'bounds',
  remedy: 'ask for a smaller step within the policy bounds (bounds.*), or turn on bounds.clamp to have it brought within them',
  appliesTo: (spec) => Object.keys(spec.bounds).length > 0,
  check: (input) => {
    const parameters = { ...input.proposal.parameters };
    const clamped: string[] = [];
    for (const [param, kind] of Object.entries(input.proposal.action.bounds)) {
      const original = parameters[param];
      if (typeof original !== 'number') continue;
      const whys: string[] = [];
      // Each bound may move the value; re-check until all hold (a few rounds at most: there are three bounds).
      for (let round = 0; round < 4; round++) {
        const value = parameters[param] as number;
        const c = CHECKS[kind](value, param, { ...input, proposal: { ...input.proposal, parameters } });
        if (c.ok) break;
        if (!input.policy.bounds.clamp || c.allowed <= 0 || (kind === 'replicas' && c.allowed < input.policy.bounds.minReplicas))
          return block(c.why);
        parameters[param] = c.allowed;
        whys.push(c.why);
      }
      if (whys.length > 0) clamped.push(`${param} ${original} → ${String(parameters[param])} (${whys.join('; ')})`);
    }
    if (clamped.length === 0) return pass('parameters within bounds');
    return { ...pass(`clamped: ${clamped.join('; ')}`), parameters };
  },
});
