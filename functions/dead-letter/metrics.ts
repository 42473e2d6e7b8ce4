import type { Registry } from 'prom-client';
import { pipelineEvents } from '../../lib/events/contract.ts';
import { counterOnce } from '../../lib/runtime/metrics.ts';

const TYPES = new Set(pipelineEvents.map((e) => e.type));

/** dead-letter's counter: events kept, by type; a type outside the pipeline's is `other` (the label stays bounded). */
export const deadLetterMetrics = (registry: Registry) => {
  const kept = counterOnce(registry, 'dead_letters_total', 'Events the broker gave up on, newly kept for replay, by CloudEvent type', [
    'type',
  ]);
  return { kept: { inc: (type: string) => kept.inc({ type: TYPES.has(type) ? type : 'other' }) } };
};
export type DeadLetterMetrics = ReturnType<typeof deadLetterMetrics>;
