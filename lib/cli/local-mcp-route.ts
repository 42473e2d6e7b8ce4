import type { BrokerRoute } from '../broker/local-broker.ts';
import type { Secret } from '../config/secret.ts';
import { InvalidError } from '../errors/errors.ts';
import type { HistoryToolDeps } from '../mcp/define-tool.ts';
import { createHistoryServer } from '../mcp/history-server.ts';
import { serveMcpRequest } from '../mcp/http-handler.ts';
import { bearerAuth } from '../runtime/bearer-auth.ts';
import type { Logger } from '../runtime/logger.ts';
import { isLoopback } from './admin-endpoint.ts';

/** Where `make run` serves the action-history MCP server (streamable HTTP) to `alerts-slm mcp` on this machine. */
export const MCP_PATH = '/admin/mcp';

const flat = (headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));

/**
 * The local runner's MCP route: loopback only, with the admin token (the embedded database is this process's, so
 * `alerts-slm mcp` bridges its stdio here instead of opening it).
 */
export const localMcpRoute = (options: { token: Secret; deps: HistoryToolDeps; log: Logger }): BrokerRoute => {
  const authorized = bearerAuth({ authToken: options.token, allowUnauthenticated: false });
  return async (body, headers, remoteAddress) => {
    if (!isLoopback(remoteAddress)) throw new InvalidError('the MCP endpoint answers loopback only', { status: 403, code: 'forbidden' });
    if (!authorized(flat(headers))) throw new InvalidError('missing or wrong admin token', { status: 401, code: 'unauthorized' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new InvalidError('body is not valid JSON', { code: 'invalid_json' });
    }
    const reply = await serveMcpRequest({ method: 'POST', headers: flat(headers), body: parsed }, () =>
      createHistoryServer(options.deps, { log: options.log }),
    );
    return { status: reply.status, body: typeof reply.body === 'string' ? (JSON.parse(reply.body) as unknown) : undefined };
  };
};
