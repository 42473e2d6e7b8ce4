import type { Broker } from './broker.ts';

/** The broker port, counting each publish that failed (the failure is still thrown: the caller decides what it means). */
export const countingFailures = (broker: Broker, failures: { inc(): void }): Broker => ({
  async publish(events) {
    try {
      return await broker.publish(events);
    } catch (error) {
      failures.inc();
      throw error;
    }
  },
});
