import type { ChildProcess } from 'node:child_process';
import { freePort, spawnUntilReady } from './processes.ts';

// The least a webhook-to-broker forwarder must do: read the body, parse it, post one event per alert to the sink
// over keep-alive connections, answer 202 once the sink accepted them all. No validation, no auth, no metrics.
const SOURCE = `
const http = require('node:http');
const sink = new URL(process.env.SINK_URL);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const post = (alert) => new Promise((resolve, reject) => {
  const body = JSON.stringify(alert);
  const req = http.request({ agent, method: 'POST', hostname: sink.hostname, port: sink.port, path: sink.pathname,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'ce-specversion': '1.0',
      'ce-id': alert.fingerprint || 'x', 'ce-type': 'alert', 'ce-source': '/forwarder' } }, (res) => {
    res.resume();
    res.on('end', () => (res.statusCode < 300 ? resolve() : reject(new Error(String(res.statusCode)))));
  });
  req.on('error', reject);
  req.end(body);
});
http.createServer((req, res) => {
  if (req.method === 'GET') return res.end('OK');
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const webhook = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    Promise.all(webhook.alerts.map(post)).then(() => res.writeHead(202).end(), () => res.writeHead(503).end());
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

/** Starts the baseline forwarder as its own process, posting to `sinkUrl`. */
export const startForwarder = async (sinkUrl: string): Promise<{ child: ChildProcess; url: string }> => {
  const port = await freePort();
  const { child } = await spawnUntilReady(['-e', SOURCE], { PORT: String(port), SINK_URL: sinkUrl }, `http://127.0.0.1:${port}/`);
  return { child, url: `http://127.0.0.1:${port}/` };
};
