import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How long and how many: what one process lets its callers hold. */
export interface ConnectionLimits {
  /** A connection must complete a request's headers within this (slowloris). */
  headerTimeoutMs: number;
  /** Further connections are refused at accept while this many are open. */
  maxConnections: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
}

/**
 * Bounds what callers can hold: at most `maxConnections` sockets, each of which must send complete request
 * headers within `headerTimeoutMs` of connecting (or of its previous response) or is closed. Node's own
 * headersTimeout is checked only every 30 s, which lets thousands of stalled connections pile up in between.
 */
export const guardConnections = (server: Server, limits: ConnectionLimits): void => {
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = limits.headerTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  const deadlines = new WeakMap<Socket, NodeJS.Timeout>();
  const arm = (socket: Socket) => {
    clearTimeout(deadlines.get(socket));
    const timer = setTimeout(() => socket.destroy(), limits.headerTimeoutMs);
    timer.unref();
    deadlines.set(socket, timer);
  };
  server.on('connection', (socket: Socket) => {
    arm(socket);
    socket.once('close', () => clearTimeout(deadlines.get(socket)));
  });
  // Listeners added with prependListener run before the front door: the headers are in, the clock stops.
  server.prependListener('request', (req, res) => {
    clearTimeout(deadlines.get(req.socket));
    res.once('finish', () => {
      if (!req.socket.destroyed) arm(req.socket);
    });
  });
};
