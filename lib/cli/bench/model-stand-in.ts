import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A model server stand-in (Ollama and OpenAI-compatible paths alike) that counts the requests it gets and answers 503. */
export interface ModelStandIn {
  readonly url: string;
  /** Requests received so far, whatever their path. */
  requests(): number;
  close(): Promise<void>;
}

/** Starts the stand-in on a loopback port: a configured endpoint that counts, so model calls are measured, not assumed. */
export const startModelStandIn = async (): Promise<ModelStandIn> => {
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    req.resume();
    req.on('end', () => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"bench stand-in"}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => count,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
