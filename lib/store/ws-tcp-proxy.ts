import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * A WebSocket-to-TCP relay, what Neon's own proxy does, so the Neon driver can run against a plain Postgres (tests,
 * `make bench`, local trials): each WebSocket connection `?address=host:port` becomes one TCP connection. Loopback only.
 */
export const startWsTcpProxy = async (): Promise<{ address: string; close(): Promise<void> }> => {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (socket, req) => {
    const target = new URL(req.url ?? '/', 'http://proxy').searchParams.get('address') ?? '';
    const [host, port] = target.split(':');
    const tcp = connect(Number(port), host === 'localhost' ? '127.0.0.1' : host);
    tcp.on('data', (chunk) => socket.send(chunk));
    tcp.on('close', () => socket.close());
    tcp.on('error', () => socket.close());
    socket.on('message', (data) => tcp.write(data as Buffer));
    socket.on('close', () => tcp.end());
    socket.on('error', () => tcp.destroy());
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
};
