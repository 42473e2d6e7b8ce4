import { Client, Pool, neonConfig } from '@neondatabase/serverless';
import ws from 'ws';
import { poolDriver } from './pool-driver.ts';
import type { SqlDriver } from './sql.ts';

// The driver's settings are global unless set on each client: two pools with different proxies (or a test's
// proxy and the real Neon) would otherwise overwrite each other's. So each pool gets its own Client class.
const clientClass = (wsProxy: string | null | undefined): typeof Client =>
  class extends Client {
    constructor(config?: ConstructorParameters<typeof Client>[0]) {
      super(config);
      const settings = this.neonConfig;
      settings.webSocketConstructor = ws;
      if (wsProxy) {
        settings.wsProxy = (host, port) => `${wsProxy}?address=${host}:${port}`;
        settings.useSecureWebSocket = false;
        settings.pipelineConnect = false;
        settings.pipelineTLS = false;
      }
    }
  };

/**
 * The Neon serverless driver: Postgres over WebSocket, the managed scale-to-zero option. Against any other
 * Postgres it needs a WebSocket-to-TCP proxy (`wsProxy`, e.g. `127.0.0.1:5433/v1`), plain ws, and no pipelined
 * connect (SCRAM servers reject it).
 */
export const createNeonDriver = (options: {
  url: string;
  wsProxy?: string | null;
  schema?: string;
  max?: number;
  onIdleError?: (e: Error) => void;
}): SqlDriver => {
  neonConfig.webSocketConstructor = ws;
  const pool = new Pool({
    connectionString: options.url,
    max: options.max ?? 5,
    connectionTimeoutMillis: 10_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // The pool builds clients with `new this.Client(...)`; Neon's Pool sets its own class there after the constructor.
  (pool as unknown as { Client: typeof Client }).Client = clientClass(options.wsProxy);
  return poolDriver('neon', pool as never, options.onIdleError ?? (() => {}));
};
