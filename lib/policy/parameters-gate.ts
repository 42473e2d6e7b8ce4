import * as z from 'zod';
import { block, defineGate, pass } from './gate.ts';

/** The parameters must fit the action's own schema: execute never trusts what analyze (or the model) produced. */
export const parametersValid = defineGate({
  name: 'parameters',
  remedy: "give parameters that fit the action's catalog schema",
  check: ({ proposal: p }) => {
    const parsed = p.action.parameters.strict().safeParse(p.parameters);
    if (parsed.success) return pass(`parameters fit ${p.action.name}`);
    const issue = parsed.error.issues[0];
    return block(
      `parameters do not fit ${p.action.name}: ${z.core.toDotPath(issue?.path ?? []) || 'parameters'}: ${issue?.message ?? 'invalid'}`,
    );
  },
});
