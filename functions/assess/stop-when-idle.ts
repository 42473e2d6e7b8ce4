import type { InvocationContext } from '../../lib/runtime/function-spec.ts';
import type { AssessDeps } from './deps.ts';

/**
 * After a tick: with no assessment pending, the tick stops (an idle cluster costs no invocation). An assessment
 * scheduled meanwhile started the tick before it was recorded, so the count is read again after stopping: one
 * found then starts it again.
 */
export const stopWhenIdle = async (deps: AssessDeps, { log }: InvocationContext): Promise<undefined> => {
  if ((await deps.store.assessments.pending()) > 0) return undefined;
  await deps.ticks.stop();
  if ((await deps.store.assessments.pending()) > 0) await deps.ticks.ensure();
  else log.info('nothing left to assess: the tick stops until the next action');
  return undefined;
};
