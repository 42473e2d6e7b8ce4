import type { HistoryToolDeps } from '../../lib/mcp/define-tool.ts';
import { createHistoryServer } from '../../lib/mcp/history-server.ts';
import { serveMcpRequest } from '../../lib/mcp/http-handler.ts';
import type { HttpHandler } from '../../lib/runtime/function-spec.ts';

/** POST / (JSON-RPC) → a stateless MCP server over the history → its JSON answer. */
export const makeHandler =
  (deps: HistoryToolDeps): HttpHandler =>
  (request, { log }) =>
    serveMcpRequest(request, () => createHistoryServer(deps, { log }));
