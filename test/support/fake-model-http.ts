import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from './free-port.ts';

/** The assistant's content, with optional token counts, a 'length' finish (the token limit cut it), or an error after the streamed content. */
export interface ContentReply {
  content: string;
  finishReason?: 'stop' | 'length';
  promptTokens?: number;
  completionTokens?: number;
  streamError?: string;
}

/** An error status with its message, in the server's own error shape. */
export interface ErrorReply {
  status: number;
  error: string;
}

/** What a test scripts for one chat call: content, an error, or a hang-up without answering; any of them after `delayMs`. */
export type ScriptedReply = (ContentReply | ErrorReply | { hangup: true }) & { delayMs?: number };

/** Decides the reply to the `n`th (0-based) chat call from its parsed request. */
export type Script<Req> = (req: Req, n: number) => ScriptedReply | Promise<ScriptedReply>;

/** One request a fake model server received; `abandoned` turns true when the client left before the full answer. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: unknown;
  abandoned: boolean;
}

/** One request being answered: the raw exchange, its log entry, and the body parsed as JSON when it is JSON. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  recorded: RecordedRequest;
  json: { ok: true; value: unknown } | { ok: false; error: string };
}

/** A loopback HTTP server that logs every request and hands it to `handle`; `close` also drops open connections. */
export interface FakeHttp {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export const startFakeHttp = async (handle: (exchange: Exchange) => void | Promise<void>): Promise<FakeHttp> => {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json: Exchange['json'];
      try {
        json = { ok: true, value: JSON.parse(raw) };
      } catch (error) {
        json = { ok: false, error: raw.trim() === '' ? 'empty body' : (error as Error).message };
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        raw,
        body: json.ok ? json.value : undefined,
        abandoned: false,
      };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableFinished && !hungUp.has(res)) recorded.abandoned = true;
      });
      Promise.resolve()
        .then(() => handle({ req, res, recorded, json }))
        .catch((error: unknown) => sendJson(res, 500, { error: `fake server bug: ${(error as Error).message}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

// Responses the server itself cut off, so the close they cause is not mistaken for the client leaving.
const hungUp = new WeakSet<ServerResponse>();

/** A loopback URL nothing listens on, for "connection refused". */
export const refusedUrl = async (): Promise<string> => `http://127.0.0.1:${await freePort()}`;

/** Whether the answer can still be written (the client has not left and nothing was sent yet). */
export const open = (res: ServerResponse): boolean => !res.destroyed && !res.headersSent;

/** Answers with a JSON body, unless the client already left. */
export const sendJson = (res: ServerResponse, status: number, body: unknown, contentType = 'application/json; charset=utf-8'): void => {
  if (open(res)) res.writeHead(status, { 'content-type': contentType }).end(JSON.stringify(body));
};

/** Destroys the connection without answering. */
const hangUp = (res: ServerResponse): void => {
  hungUp.add(res);
  res.socket?.destroy();
};

/** Resolves after `ms`, or to false at once if the client leaves while waiting. */
const waitUnlessLeft = (res: ServerResponse, ms: number): Promise<boolean> =>
  new Promise((resolve) => {
    if (res.destroyed) return resolve(false);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(!res.destroyed);
    }, ms);
    res.once('close', onClose);
  });

/** Runs the script for one call, waits out its delay, and returns the reply, or undefined when the client left meanwhile. */
export const scriptedReply = async <Req>(
  script: Script<Req>,
  req: Req,
  n: number,
  res: ServerResponse,
): Promise<ContentReply | ErrorReply | undefined> => {
  const reply = await script(req, n);
  if (!(await waitUnlessLeft(res, reply.delayMs ?? 0))) return undefined;
  if ('hangup' in reply) {
    hangUp(res);
    return undefined;
  }
  return reply;
};

/** Content cut the way a tokenizer streams it: words with their leading whitespace. */
export const pieces = (content: string): string[] => content.match(/\s*\S+|\s+$/g) ?? [];

/** A rough token count (about four characters a token) for counters the test did not script. */
export const roughTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

/** Yields to the event loop so consecutive stream writes leave as separate chunks. */
export const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Whether the log shows a request its client left, waiting up to `ms` for the server to notice (a loaded machine is slow to). */
export const seesAbandoned = async (requests: readonly RecordedRequest[], ms = 3000): Promise<boolean> => {
  for (const deadline = Date.now() + ms; !requests.some((q) => q.abandoned) && Date.now() < deadline; )
    await new Promise((r) => setTimeout(r, 20));
  return requests.some((q) => q.abandoned);
};
