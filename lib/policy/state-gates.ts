import { targetKey } from '../domain/target.ts';
import { block, defineGate, pass } from './gate.ts';

/** Never act on a resolved alert or a resolved incident. */
export const alertStillFiring = defineGate({
  name: 'alert_firing',
  remedy: 'nothing to do: the alert resolved; act again only if it fires again',
  appliesTo: (spec) => spec.mutating,
  check: ({ facts }) => {
    if (facts.alertStatus === 'resolved') return block('the alert has resolved since it was analysed');
    if (facts.incidentStatus === 'resolved') return block('the incident has resolved since it was analysed');
    return pass('the alert is still firing');
  },
});

/** The target must be there, and be of a kind the action works on. */
export const targetExists = defineGate({
  name: 'target',
  remedy: 'an alert whose labels name a target that exists, of a kind the action works on, and RBAC that lets the function read it',
  check: ({ proposal: p, facts }) => {
    const kinds = p.action.operandKinds;
    if (kinds === 'none') return pass(`${p.action.name} needs no target`);
    if (!p.target) return block(`${p.action.name} needs a ${kinds.join(' or ')}, and the alert names none`);
    if (!kinds.includes(p.target.kind)) return block(`${p.action.name} works on ${kinds.join(', ')}, not on ${p.target.kind}`);
    if (facts.targetExists === false) return block(`${targetKey(p.target)} does not exist`);
    if (facts.unreadable && p.action.mutating) return block(`${targetKey(p.target)} could not be read: ${facts.unreadable}`);
    if (facts.targetExists === null) return pass(`${targetKey(p.target)} could not be checked (no cluster access)`);
    return pass(`${targetKey(p.target)} exists`);
  },
});
