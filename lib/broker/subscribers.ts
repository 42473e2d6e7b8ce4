import type { Invoker } from '../runtime/invoker.ts';
import { encodeBinary } from '../events/cloud-event-codec.ts';
import type { Subscriber } from './local-broker.ts';

/** Delivers to a function in this process, through the same invoker faas-js-runtime would call. */
export const invokerSubscriber =
  (invoker: Invoker): Subscriber =>
  async (event) => {
    const reply = await invoker.invoke({ method: 'POST', headers: encodeBinary(event).headers, body: event.data, event });
    const body = reply.body === undefined ? undefined : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    return { status: reply.status, ...(reply.event ? { event: reply.event } : {}), ...(body ? { body } : {}) };
  };
