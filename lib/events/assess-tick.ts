import * as z from 'zod';
import { defineEvent } from './define-event.ts';

// Knative's PingSource always emits this type and it cannot be overridden (only extensions can), so the
// tick is the one type of the pipeline we do not name ourselves; the Trigger also matches our extension.
const PING_SOURCE_TYPE = 'dev.knative.sources.ping';

/** The extension attribute (and value) that marks a ping as our assessment tick. */
export const TICK_EXTENSION = { name: 'alertsslm', value: 'assess-tick' } as const;

/** Time to score the assessments that are due (PingSource, every minute; the local runner emits it too). */
export const AssessTick = defineEvent({
  type: PING_SOURCE_TYPE,
  // PingSource sends `spec.data` as is; we send {} and read nothing from it.
  data: z.union([z.looseObject({}), z.undefined()]),
});
