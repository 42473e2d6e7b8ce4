import type { CloudEventEnvelope } from '../events/define-event.ts';
import type { Invoker } from '../runtime/invoker.ts';
import { decodeHttp, encodeBinary } from './cloud-event-codec.ts';
import type { DeliveryResult, Subscriber } from './local-broker.ts';

/** Delivers to a function in this process, through the same invoker faas-js-runtime would call. */
export const invokerSubscriber = (invoker: Invoker): Subscriber => async (event) => {
  const reply = await invoker.invoke({ method: 'POST', headers: encodeBinary(event).headers, body: event.data, event });
  const body = reply.body === undefined ? undefined : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  return { status: reply.status, ...(reply.event ? { event: reply.event } : {}), ...(body ? { body } : {}) };
};

/** Delivers over HTTP in binary mode, as a Knative broker's dispatcher does; a ce-* reply is decoded as the reply event. */
export const httpSubscriber = (url: string, timeoutMs = 30_000): Subscriber => async (event: CloudEventEnvelope): Promise<DeliveryResult> => {
  const { headers, body } = encodeBinary(event);
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  const replyHeaders = Object.fromEntries(response.headers.entries());
  const isEvent = replyHeaders['ce-id'] !== undefined || (replyHeaders['content-type'] ?? '').startsWith('application/cloudevents');
  if (response.ok && isEvent) return { status: response.status, event: decodeHttp(replyHeaders, text) };
  return { status: response.status, ...(text ? { body: text } : {}) };
};
