import test from 'ava';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepAlivePoster } from '../../../lib/broker/keep-alive-post.ts';

const server = async () => {
  const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
  const http = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.writeHead(202).end('accepted');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/in`, seen, close: () => http.close() };
};

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

test('a flat header list goes out as given, with the host and the body length', async (t) => {
  const broker = await server();
  t.teardown(broker.close);
  const poster = keepAlivePoster({ url: broker.url, timeoutMs: 2000, maxSockets: 1 });
  t.teardown(poster.close);
  t.deepEqual(await poster.post(['content-type', 'application/json', 'ce-id', 'a'], '{"é":1}'), { status: 202, text: 'accepted' });
  const [first] = broker.seen;
  t.is(first?.headers.host, new URL(broker.url).host);
  t.is(first?.headers['ce-id'], 'a');
  t.is(first?.headers['content-length'], '8');
  t.is(first?.body, '{"é":1}');
});

test('a header Node refuses rejects the post at once and leaves no timer behind', async (t) => {
  const broker = await server();
  t.teardown(broker.close);
  const poster = keepAlivePoster({ url: broker.url, timeoutMs: 60_000, maxSockets: 1 });
  t.teardown(poster.close);
  const before = timers();
  await t.throwsAsync(poster.post(['ce-subject', 'line\nbreak'], '{}'), { code: 'ERR_INVALID_CHAR' });
  t.is(timers(), before);
  t.is(broker.seen.length, 0);
});
