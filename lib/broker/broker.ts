import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';

/** The port functions publish through: resolves once the broker accepted every event, else throws TransientError. */
export interface Broker {
  publish(events: readonly CloudEventEnvelope[]): Promise<{ published: number }>;
}
