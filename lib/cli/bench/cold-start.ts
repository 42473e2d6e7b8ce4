import { dirname, join } from 'node:path';
import { freePort, spawnUntilReady, startSink, stop } from './processes.ts';
import { interleave, type FigureSpec, type ScenarioGroup } from './scenario.ts';

// The smallest Node HTTP server: what starting any Node process that answers HTTP costs on this machine.
const BARE = "require('node:http').createServer((q, s) => s.end('OK')).listen(Number(process.env.PORT), '127.0.0.1')";
const FUNCTIONS = ['ingest', 'analyze', 'execute', 'assess', 'dead-letter', 'mcp'] as const;
const SUBJECTS = [...FUNCTIONS, 'empty', 'bare'] as const;

const figure = (fn: (typeof FUNCTIONS)[number]): FigureSpec => {
  const max = fn === 'ingest' ? 1.3 : 1.6;
  return {
    name: `cold start: ${fn}`,
    unit: 'ms',
    better: 'lower',
    value: fn,
    baseline: 'empty',
    baselineLabel: 'an empty function (answers 200) bundled and served by faas-js-runtime the same way',
    reference: { key: 'bare', label: 'bare node:http server' },
    goal: { on: 'ratio', max, text: `≤ ${max}× empty function` },
  };
};

/** Each bundled function, spawn to first 200 on /health/readiness, against an empty faas-js-runtime function and a bare node:http server, spawned in turn. */
export const coldStart: ScenarioGroup = {
  name: 'cold start (spawn → first 200 on readiness)',
  figures: FUNCTIONS.map(figure),
  async round({ entry }, index) {
    const sink = await startSink();
    try {
      const samples: Record<string, number> = {};
      for (const subject of interleave(SUBJECTS, index)) {
        const port = await freePort();
        const env = {
          FUNCTION: subject,
          PORT: String(port),
          BROKER_URL: sink.url,
          WEBHOOK_AUTH_TOKEN: 'bench',
          MCP_AUTH_TOKEN: 'bench',
          LOG_LEVEL: 'error',
        };
        const args = subject === 'bare' ? ['-e', BARE] : subject === 'empty' ? [join(dirname(entry), 'bench-empty.js')] : [entry];
        const started = await spawnUntilReady(args, env, `http://127.0.0.1:${port}${subject === 'bare' ? '/' : '/health/readiness'}`);
        await stop(started.child);
        samples[subject] = started.ms;
      }
      return samples;
    } finally {
      sink.server.close();
    }
  },
};
