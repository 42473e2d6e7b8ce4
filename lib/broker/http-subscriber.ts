import { InvalidError } from '../errors/errors.ts';
import { decodeHttp, encodeBinary } from '../events/cloud-event-codec.ts';
import type { DeliveryResult, Subscriber } from './local-broker.ts';

/**
 * Delivers to a function served over HTTP (its own process, as a Knative Service would be): a binary-mode POST,
 * the status, and the reply event when the answer carries one. A refused or reset connection is a 503, which
 * the broker retries as Knative does.
 */
export const httpSubscriber =
  (url: string, timeoutMs = 120_000): Subscriber =>
  async (event) => {
    const { headers, body } = encodeBinary(event);
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      return {
        status: 503,
        body: `${url} unreachable: ${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}`,
      };
    }
    const text = await response.text().catch(() => '');
    const result: DeliveryResult = { status: response.status, ...(text ? { body: text } : {}) };
    if (response.status < 200 || response.status > 299 || !response.headers.has('ce-id')) return result;
    try {
      return { status: response.status, event: decodeHttp(Object.fromEntries(response.headers), text) };
    } catch (error) {
      if (error instanceof InvalidError) return result;
      throw error;
    }
  };
