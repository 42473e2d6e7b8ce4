import { tokenReader } from '../config/token-file.ts';
import { TransientError } from '../errors/errors.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import type { Broker } from './broker.ts';
import { boundedSettle } from './bounded-settle.ts';
import { encodeBinary } from '../events/cloud-event-codec.ts';

/**
 * Publishes binary-mode CloudEvents with POST to a Knative Broker ingress (K_SINK / BROKER_URL), with the sender's
 * OIDC token when `tokenFile` names one (an EventPolicy on the Broker then knows who sends).
 */
export const createHttpBroker = (options: { url: string; timeoutMs: number; concurrency: number; tokenFile?: string | null; fetch?: typeof fetch }): Broker => {
  const send = options.fetch ?? fetch;
  const token = tokenReader(options.tokenFile);
  const publishOne = async (event: CloudEventEnvelope): Promise<void> => {
    const encoded = encodeBinary(event);
    const bearer = token();
    const { body } = encoded;
    const headers = bearer ? { ...encoded.headers, authorization: `Bearer ${bearer}` } : encoded.headers;
    let response: Response;
    try {
      response = await send(options.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `timed out after ${options.timeoutMs} ms` : ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
      throw new TransientError(`event ${event.id}: broker unreachable: ${reason}`, { code: 'broker_unavailable' });
    }
    // The SDK's own transport hides the status; a broker answers 202 (Knative) or 200/204 when it accepted.
    const text = await response.text().catch(() => '');
    if (response.status < 200 || response.status > 299) {
      throw new TransientError(`event ${event.id}: broker answered ${response.status} ${text.slice(0, 200)}`.trim(), { code: 'broker_rejected' });
    }
  };
  return {
    async publish(events) {
      const results = await boundedSettle(events, options.concurrency, publishOne);
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed.length > 0) {
        const first = (failed[0]?.reason as Error).message;
        throw new TransientError(`publishing failed for ${failed.length} of ${events.length} events; first: ${first}`, { code: 'broker_unavailable' });
      }
      return { published: events.length };
    },
  };
};
