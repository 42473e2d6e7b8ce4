import { freePort, spawnUntilReady, startSink, stop } from './processes.ts';
import type { Scenario } from './scenario.ts';

// The smallest Node HTTP server: what starting any Node process that answers HTTP costs on this machine.
const BASELINE = "require('node:http').createServer((q, s) => s.end('OK')).listen(Number(process.env.PORT), '127.0.0.1')";

/** Bundled ingest, spawn to first 200 on /health/readiness, against a bare Node HTTP server. */
export const coldStart: Scenario = {
  name: 'ingest cold start (spawn → first 200 on readiness)',
  unit: 'ms',
  better: 'lower',
  baseline: 'bare node:http server',
  async round({ entry }) {
    const sink = await startSink();
    try {
      const port = await freePort();
      const env = { FUNCTION: 'ingest', PORT: String(port), BROKER_URL: sink.url, WEBHOOK_AUTH_TOKEN: 'bench', LOG_LEVEL: 'error' };
      const ingest = await spawnUntilReady([entry], env, `http://127.0.0.1:${port}/health/readiness`);
      await stop(ingest.child);
      const basePort = await freePort();
      const base = await spawnUntilReady(['-e', BASELINE], { PORT: String(basePort) }, `http://127.0.0.1:${basePort}/`);
      await stop(base.child);
      return { value: ingest.ms, baseline: base.ms };
    } finally {
      sink.server.close();
    }
  },
};
