import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { TransientError } from '../errors/errors.ts';

/** What the server answered: its status and the start of its body (the rest is read and dropped). */
export interface PostAnswer {
  status: number;
  text: string;
}

// Kept of an answer's body: enough for an error message, never a whole large body.
const KEPT_BYTES = 1024;
// Idle connections are closed before a server's own keep-alive timeout would close them under us (Node's is 5 s).
const IDLE_MS = 4000;

const unreachable = (reason: string) => new TransientError(reason, { code: 'broker_unavailable' });

// Reads an answer to its end (so its connection is reused), keeping only its first KEPT_BYTES (a 202 has none).
const readAnswer = (res: IncomingMessage, done: (error: Error | null, answer?: PostAnswer) => void): void => {
  const kept: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    if (size < KEPT_BYTES) kept.push(chunk);
    size += chunk.length;
  });
  res.on('end', () => {
    const text = kept.length === 0 ? '' : Buffer.concat(kept).toString('utf8').slice(0, KEPT_BYTES);
    done(null, { status: res.statusCode ?? 0, text });
  });
  res.on('error', done);
};

/**
 * POSTs to one URL over at most `maxSockets` keep-alive connections (more posts wait for one). Headers are a flat
 * list (name, value, name, value…), sent as given with the host and content length. Every answer's body is read to
 * its end, so its connection is reused; no answer within `timeoutMs` of the call, or a failed connection (refused,
 * reset, DNS), rejects with TransientError broker_unavailable; a header Node refuses rejects with its error. A post
 * that fails on a reused connection the server had just closed is sent once more on a new one (Node's documented
 * keep-alive race: nothing reached the server).
 */
export const keepAlivePoster = (options: { url: string; timeoutMs: number; maxSockets: number }) => {
  const url = new URL(options.url);
  const secure = url.protocol === 'https:';
  const agent = new (secure ? HttpsAgent : HttpAgent)({ keepAlive: true, maxSockets: options.maxSockets, timeout: IDLE_MS });
  const send = secure ? httpsRequest : httpRequest;
  const target = { agent, method: 'POST', hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, setHost: false };
  const attempt = (headers: readonly string[], body: string, deadline: number): Promise<PostAnswer> =>
    new Promise((resolve, reject) => {
      let req: ClientRequest;
      try {
        req = send({ ...target, headers: ['host', url.host, ...headers, 'content-length', String(Buffer.byteLength(body))] });
      } catch (error) {
        // A header Node refuses (a control character): nothing was sent, no timer is left behind.
        return reject(error);
      }
      const timer = setTimeout(
        () => {
          req.destroy();
          reject(unreachable(`timed out after ${options.timeoutMs} ms`));
        },
        Math.max(0, deadline - performance.now()),
      );
      req.on('response', (res: IncomingMessage) =>
        readAnswer(res, (error, answer) => {
          clearTimeout(timer);
          if (error) reject(unreachable(error.message));
          else resolve(answer as PostAnswer);
        }),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (req.reusedSocket && error.code === 'ECONNRESET' && performance.now() < deadline)
          attempt(headers, body, deadline).then(resolve, reject);
        else reject(unreachable(error.message));
      });
      req.end(body);
    });
  return {
    /** POSTs `body` with the flat header list `headers`; settles with the answer or a TransientError. */
    post: (headers: readonly string[], body: string): Promise<PostAnswer> => attempt(headers, body, performance.now() + options.timeoutMs),
    /** Closes the idle connections (in-flight posts finish on theirs). */
    close: (): void => agent.destroy(),
  };
};
