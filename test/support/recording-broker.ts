import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeHttp } from '../../lib/events/cloud-event-codec.ts';
import type { CloudEventEnvelope } from '../../lib/domain/cloud-event-envelope.ts';

/** One request the broker received, raw and decoded. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  event: CloudEventEnvelope;
}

/**
 * A Knative Broker ingress stand-in over real HTTP: decodes binary/structured CloudEvents, records them, and
 * answers 202 like the real ingress; `respond` scripts other answers (a status, or a delay before answering).
 */
export interface RecordingBroker {
  url: string;
  received: Received[];
  respond: (next: (event: CloudEventEnvelope, n: number) => { status: number; delayMs?: number; body?: string }) => void;
  close(): Promise<void>;
}

export const startRecordingBroker = async (): Promise<RecordingBroker> => {
  const received: Received[] = [];
  let script: (event: CloudEventEnvelope, n: number) => { status: number; delayMs?: number; body?: string } = () => ({ status: 202 });
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let event: CloudEventEnvelope;
      try {
        event = decodeHttp(req.headers, body);
      } catch (error) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (error as Error).message }));
        return;
      }
      const answer = script(event, n++);
      const reply = () => {
        if (answer.status >= 200 && answer.status < 300) received.push({ headers: req.headers, body, event });
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '');
      };
      answer.delayMs ? setTimeout(reply, answer.delayMs) : reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    received,
    respond: (next) => {
      script = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
