import { tokenReader } from '../config/token-file.ts';
import { TransientError } from '../errors/errors.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';
import type { Broker } from './broker.ts';
import { boundedSettle } from './bounded-settle.ts';
import { encodeBinaryFlat } from '../events/binary-encoder.ts';
import { keepAlivePoster } from './keep-alive-post.ts';

/**
 * Publishes binary-mode CloudEvents with POST to a Knative Broker ingress (K_SINK / BROKER_URL), with the sender's
 * OIDC token when `tokenFile` names one (an EventPolicy on the Broker then knows who sends). Connections are kept
 * alive and shared by every publish of the process, at most `maxSockets` of them (default: 4 × `concurrency`).
 */
export const createHttpBroker = (options: {
  url: string;
  timeoutMs: number;
  concurrency: number;
  tokenFile?: string | null;
  maxSockets?: number;
}): Broker => {
  const poster = keepAlivePoster({
    url: options.url,
    timeoutMs: options.timeoutMs,
    maxSockets: options.maxSockets ?? 4 * options.concurrency,
  });
  const token = tokenReader(options.tokenFile);
  const publishOne = async (event: CloudEventEnvelope): Promise<void> => {
    const encoded = encodeBinaryFlat(event);
    const bearer = token();
    if (bearer) encoded.headers.push('authorization', `Bearer ${bearer}`);
    let answer: Awaited<ReturnType<typeof poster.post>>;
    try {
      answer = await poster.post(encoded.headers, encoded.body);
    } catch (error) {
      throw new TransientError(`event ${event.id}: broker unreachable: ${(error as Error).message}`, { code: 'broker_unavailable' });
    }
    // A broker answers 202 (Knative) or 200/204 when it accepted.
    if (answer.status < 200 || answer.status > 299) {
      throw new TransientError(`event ${event.id}: broker answered ${answer.status} ${answer.text.slice(0, 200)}`.trim(), {
        code: 'broker_rejected',
      });
    }
  };
  return {
    async publish(events) {
      const results = await boundedSettle(events, options.concurrency, publishOne);
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed.length > 0) {
        const reason: unknown = failed[0]?.reason;
        const first = reason instanceof Error ? reason.message : String(reason);
        throw new TransientError(`publishing failed for ${failed.length} of ${events.length} events; first: ${first}`, {
          code: 'broker_unavailable',
        });
      }
      return { published: events.length };
    },
  };
};
