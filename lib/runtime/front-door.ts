import { IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { codeOf, InvalidError, publicMessageOf, statusOf } from '../errors/errors.ts';
import { decodeEvent, decodeJson, type DecodedRequest } from './decode-request.ts';
import { unauthorized, type Invoker } from './invoker.ts';
import { takePeer, withPeer } from './peer-header.ts';
import { problem, type FunctionReply } from './problem.ts';
import { readBody } from './read-body.ts';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

const send = (res: ServerResponse, reply: FunctionReply): void => {
  if (res.headersSent) return;
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body === undefined ? undefined : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
};

const text = (status: number, body: string): FunctionReply => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body });

// The same request, carrying the decoded body: what the runtime reads instead of the original stream.
const withBody = (req: IncomingMessage, decoded: DecodedRequest): IncomingMessage => {
  const copy = new IncomingMessage(req.socket);
  const headers = withPeer(
    { ...req.headers, ...decoded.headers, 'content-length': String(Buffer.byteLength(decoded.body)) },
    req.socket.remoteAddress,
  );
  delete headers['transfer-encoding'];
  Object.assign(copy, { method: req.method, url: '/', httpVersion: req.httpVersion, headers, rawHeaders: Object.entries(headers).flat() });
  copy.push(decoded.body);
  copy.push(null);
  // Without this, the copy counts as aborted once read, and destroying it would destroy the client's socket.
  copy.complete = true;
  return copy;
};

/** What the front door serves without credentials: the probes and the metrics, read-only. */
export interface PublicRoutes {
  live(): boolean;
  ready(): boolean;
  registry: Registry;
}

// The request target without its query: only an origin-form target ("/..."), byte for byte; `*`, absolute-form
// (`http://x/`) and anything with `;` or `#` are not "/", whatever a router downstream would make of them.
const pathOf = (target: string): string => target.split('?', 1)[0] ?? '';

// Knative's probe paths, and the seed's `/health` and `/ready`, which answer the same.
const PROBES: Readonly<Record<string, keyof Pick<PublicRoutes, 'live' | 'ready'>>> = {
  '/health/liveness': 'live',
  '/health/readiness': 'ready',
  '/health': 'live',
  '/ready': 'ready',
};

// Where a request is handed to the runtime: `/`, and for the webhook (an HTTP function) also the seed's `/alerts`.
const handlerPaths = (kind: Invoker['kind']): readonly string[] => (kind === 'http' ? ['/', '/alerts'] : ['/']);

const servePublic = (path: string, res: ServerResponse, routes: PublicRoutes): boolean => {
  const probe = PROBES[path];
  if (probe) {
    send(res, routes[probe]() ? text(200, 'OK') : text(503, probe === 'ready' ? 'not ready' : 'not live'));
    return true;
  }
  if (path !== '/metrics') return false;
  routes.registry.metrics().then(
    (body) => send(res, { status: 200, headers: { 'content-type': routes.registry.contentType }, body }),
    () => send(res, problem(500, 'internal', 'metrics unavailable')),
  );
  return true;
};

const EXTRA_HEADERS: Readonly<Record<number, Record<string, string>>> = {
  405: { allow: 'POST' },
  408: { connection: 'close' },
  413: { connection: 'close' },
};

/**
 * Puts our checks in front of faas-js-runtime's HTTP server; deny by default. Without credentials only GET/HEAD of
 * the probes and `/metrics` (from our registry) are answered. Every other request, whatever its path or
 * request-target form, is authenticated first (401), then must be `POST /` (or, to the webhook, `POST /alerts`:
 * the same) (404, 405), within the body limit (413),
 * with a body we decode ourselves (415/400). Only then is it handed on: a JSON function's parsed body to the
 * invoker, an event to the runtime as `POST /` without a query (the runtime copies query parameters over its
 * context fields). Every refusal is counted and logged.
 */
export const installFrontDoor = (
  server: Server,
  options: { invoker: Invoker; routes: PublicRoutes; maxBodyBytes: number; bodyTimeoutMs: number; draining: () => boolean },
): void => {
  const runtime = server.listeners('request') as Listener[];
  const { invoker } = options;
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    for (const listener of runtime) listener.call(server, req, res);
  };
  const admit = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!(await invoker.authorize(req.headers as Record<string, string | undefined>))) {
      invoker.rejections.record(401, 'missing or wrong bearer token', req.socket.remoteAddress);
      return send(res, unauthorized());
    }
    const target = req.url ?? '';
    if (!handlerPaths(invoker.kind).includes(pathOf(target))) {
      throw new InvalidError(`no such resource ${JSON.stringify(target.slice(0, 100))}; POST to /`, { status: 404, code: 'not_found' });
    }
    if (req.method !== 'POST')
      throw new InvalidError(`method ${req.method} is not allowed; use POST`, { status: 405, code: 'method_not_allowed' });
    // Stopping: the sender retries elsewhere or later (Alertmanager and Knative retry 503), nothing is half-done here.
    if (options.draining())
      return send(res, problem(503, 'shutting_down', 'shutting down; retry', { connection: 'close', 'retry-after': '1' }));
    const body = await readBody(req, options.maxBodyBytes, options.bodyTimeoutMs);
    // A JSON function's body, parsed here, goes straight to the invoker: through the runtime it would be copied
    // into another stream and parsed a second time (issue 16). Events take the runtime's CloudEvent path.
    if (invoker.kind === 'http') {
      const request = {
        method: 'POST',
        headers: takePeer(req.headers).headers,
        body: decodeJson(req.headers, body),
        remoteAddress: req.socket.remoteAddress,
      };
      return send(res, await invoker.invoke(request));
    }
    forward(withBody(req, decodeEvent(req.headers, body)), res);
  };
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && servePublic(req.url ?? '', res, options.routes)) return;
    admit(req, res).catch((error: unknown) => {
      const status = statusOf(error);
      if (status < 500) invoker.rejections.record(status, publicMessageOf(error), req.socket.remoteAddress);
      send(res, problem(status, codeOf(error), publicMessageOf(error), EXTRA_HEADERS[status] ?? {}));
    });
  });
};
