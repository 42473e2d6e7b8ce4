import { InvalidError } from '../../lib/errors/errors.ts';
import { ActionExecuted } from '../../lib/events/action-executed.ts';
import { AlertResolved } from '../../lib/events/alert-events.ts';
import { AssessTick } from '../../lib/events/assess-tick.ts';
import { parseEnvelope } from '../../lib/events/define-event.ts';
import type { EventHandler } from '../../lib/runtime/function-spec.ts';
import type { AssessDeps } from './deps.ts';
import { recordResolution } from './record-resolution.ts';
import { scheduleAssessment } from './schedule-assessment.ts';
import { scoreDue } from './score-due.ts';
import { stopWhenIdle } from './stop-when-idle.ts';

/** action.executed → schedule; alert.resolved → resolve the incident; the tick → judge what is due (action.assessed). */
export const makeHandler =
  (deps: AssessDeps): EventHandler =>
  async (input, ctx) => {
    const event = parseEnvelope(input);
    if (ActionExecuted.is(event)) return scheduleAssessment(deps, ActionExecuted.parse(event), ctx);
    if (AlertResolved.is(event)) return recordResolution(deps, AlertResolved.parse(event), ctx);
    if (AssessTick.is(event)) {
      await scoreDue(deps, AssessTick.parse(event), ctx);
      return stopWhenIdle(deps, ctx);
    }
    throw new InvalidError(`assess does not consume ${event.type}`, { code: 'unexpected_type' });
  };
