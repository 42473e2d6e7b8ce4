import { AssessTick, TICK_EXTENSION } from '../events/assess-tick.ts';
import { deterministicId } from '../events/event-id.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import type { TickSchedule } from '../kube/tick-schedule.ts';
import { TICK_PING_SOURCE } from '../kube/tick-ping-source.ts';

/** The timers the local tick uses (tests pass their own to play an hour in a moment). */
export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const SOURCE = `/apis/v1/namespaces/local/pingsources/${TICK_PING_SOURCE}`;

/** The local stand-in for the tick's PingSource: a timer that runs only while assess wants it. */
export const localTicks = (
  publish: (event: CloudEventEnvelope) => void,
  intervalMs: number,
  now: () => Date,
  timers: Timers = globalThis as never,
) => {
  let handle: unknown = null;
  const tick = () => {
    const time = now();
    publish(
      AssessTick.create(
        {},
        {
          id: deterministicId('tick', time.toISOString()),
          source: SOURCE,
          time,
          extensions: { [TICK_EXTENSION.name]: TICK_EXTENSION.value },
        },
      ),
    );
  };
  const schedule: TickSchedule & { tick(): void; running(): boolean } = {
    tick,
    running: () => handle !== null,
    async ensure() {
      if (handle !== null) return;
      handle = timers.setInterval(tick, intervalMs);
      (handle as { unref?: () => void }).unref?.();
    },
    async stop() {
      if (handle !== null) timers.clearInterval(handle);
      handle = null;
    },
  };
  return schedule;
};
