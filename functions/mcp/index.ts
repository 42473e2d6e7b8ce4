import { createHttpBroker } from '../../lib/broker/http-broker.ts';
import { historyDeps } from '../../lib/mcp/history-deps.ts';
import { bearerAuth } from '../../lib/runtime/bearer-auth.ts';
import { toFaasModule } from '../../lib/runtime/faas-adapter.ts';
import { defineFunction } from '../../lib/runtime/function-spec.ts';
import { serveFromEnv } from '../../lib/runtime/serve.ts';
import { makeHandler } from './handler.ts';

const MISSING_TOKEN = 'MCP_AUTH_TOKEN (or MCP_AUTH_TOKEN_FILE) is required: the action-history server answers only clients that send it';

/** mcp: the action-history MCP server over streamable HTTP. Reads Postgres read-only; never writes the cluster. */
export const mcp = defineFunction({
  name: 'mcp',
  create: ({ config, database, now }) => {
    const authorize = bearerAuth({ authToken: config.mcp.authToken, allowUnauthenticated: false }, MISSING_TOKEN);
    const broker = config.broker.url
      ? createHttpBroker({ url: config.broker.url, timeoutMs: config.broker.timeoutMs, concurrency: 1, tokenFile: config.broker.tokenFile })
      : null;
    const deps = historyDeps(config, database, broker, now);
    return { kind: 'http', handle: makeHandler(deps), authorize };
  },
});

export const { handle, init, shutdown, liveness, readiness } = toFaasModule(mcp);

/** Serves mcp configured from the environment (the image entry calls this when FUNCTION=mcp). */
export const main = () => serveFromEnv(mcp);
