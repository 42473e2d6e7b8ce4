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

const readAnswer = (res: IncomingMessage): Promise<PostAnswer> =>
  new Promise((resolve, reject) => {
    const kept: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (size < KEPT_BYTES) kept.push(chunk);
      size += chunk.length;
    });
    res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(kept).toString('utf8').slice(0, KEPT_BYTES) }));
    res.on('error', reject);
  });

/**
 * POSTs to one URL over at most `maxSockets` keep-alive connections (more posts wait for one). Every answer's body
 * is read to its end, so its connection is reused; no answer within `timeoutMs` of the call, or a failed
 * connection (refused, reset, DNS), rejects with TransientError broker_unavailable. A post that fails on a reused connection the server had just closed is
 * sent once more on a new one (Node's documented keep-alive race: nothing reached the server).
 */
export const keepAlivePoster = (options: { url: string; timeoutMs: number; maxSockets: number }) => {
  const url = new URL(options.url);
  const secure = url.protocol === 'https:';
  const agent = new (secure ? HttpsAgent : HttpAgent)({ keepAlive: true, maxSockets: options.maxSockets, timeout: IDLE_MS });
  const send = secure ? httpsRequest : httpRequest;
  const attempt = (headers: Record<string, string>, body: string, deadline: number): Promise<PostAnswer> =>
    new Promise((resolve, reject) => {
      let req: ClientRequest | undefined;
      const timer = setTimeout(
        () => {
          req?.destroy();
          reject(unreachable(`timed out after ${options.timeoutMs} ms`));
        },
        Math.max(0, deadline - performance.now()),
      );
      req = send(url, { agent, method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        readAnswer(res)
          .then(resolve, (error: Error) => reject(unreachable(error.message)))
          .finally(() => clearTimeout(timer));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (req?.reusedSocket && error.code === 'ECONNRESET' && performance.now() < deadline)
          attempt(headers, body, deadline).then(resolve, reject);
        else reject(unreachable(error.message));
      });
      req.end(body);
    });
  return {
    post: (headers: Record<string, string>, body: string): Promise<PostAnswer> =>
      attempt(headers, body, performance.now() + options.timeoutMs),
    /** Closes the idle connections (in-flight posts finish on theirs). */
    close: (): void => agent.destroy(),
  };
};
