import { IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { codeOf, InvalidError, publicMessageOf, statusOf } from '../errors/errors.ts';
import { decodeRequest, type DecodedRequest } from './decode-request.ts';
import type { Invoker } from './invoker.ts';
import { problem, type FunctionReply } from './problem.ts';
import { readBody } from './read-body.ts';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

const send = (res: ServerResponse, reply: FunctionReply): void => {
  if (res.headersSent) return;
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body === undefined ? undefined : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
};

// The same request, carrying the decoded body: what the runtime reads instead of the original stream.
const withBody = (req: IncomingMessage, decoded: DecodedRequest): IncomingMessage => {
  const copy = new IncomingMessage(req.socket);
  const headers = { ...req.headers, ...decoded.headers, 'content-length': String(Buffer.byteLength(decoded.body)) };
  delete headers['transfer-encoding'];
  Object.assign(copy, { method: req.method, url: req.url, httpVersion: req.httpVersion, headers, rawHeaders: Object.entries(headers).flat() });
  copy.push(decoded.body);
  copy.push(null);
  // Without this, the copy counts as aborted once read, and destroying it would destroy the client's socket.
  copy.complete = true;
  return copy;
};

/**
 * Puts our checks in front of faas-js-runtime's HTTP server, so that only well-formed requests reach it:
 * - drops the query string, because the runtime copies query parameters over context fields (`?method=`);
 * - serves `/metrics` from our registry (the runtime serves only its private one);
 * - `/` takes POST only (405), authenticated (401), within the body limit (413), and decodes the body itself:
 *   415/400 with our JSON errors where the runtime would answer its own shapes, or a 500 for a bad CloudEvent.
 */
export const installFrontDoor = (server: Server, options: { invoker: Invoker; registry: Registry; maxBodyBytes: number }): void => {
  const runtime = server.listeners('request') as Listener[];
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    for (const listener of runtime) listener.call(server, req, res);
  };
  const admit = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') throw new InvalidError(`method ${req.method} is not allowed; use POST`, { status: 405, code: 'method_not_allowed' });
    if (!options.invoker.authorize(req.headers as Record<string, string | undefined>)) {
      throw new InvalidError('missing or wrong bearer token', { status: 401, code: 'unauthorized' });
    }
    const body = await readBody(req, options.maxBodyBytes);
    forward(withBody(req, decodeRequest(options.invoker.kind, req.headers, body)), res);
  };
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    req.url = path;
    if (path === '/metrics' && req.method === 'GET') {
      options.registry.metrics().then(
        (text) => send(res, { status: 200, headers: { 'content-type': options.registry.contentType }, body: text }),
        () => send(res, problem(500, 'internal', 'metrics unavailable')),
      );
    } else if (path === '/') {
      admit(req, res).catch((error: unknown) => {
        const status = statusOf(error);
        const extra: Record<string, string> = status === 405 ? { allow: 'POST' } : status === 401 ? { 'www-authenticate': 'Bearer' } : status === 413 ? { connection: 'close' } : {};
        send(res, problem(status, codeOf(error), publicMessageOf(error), extra));
      });
    } else forward(req, res);
  });
};
