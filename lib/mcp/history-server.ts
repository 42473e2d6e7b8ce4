import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import pkg from '../../package.json' with { type: 'json' };
import { publicMessageOf, statusOf } from '../errors/errors.ts';
import type { Logger } from '../runtime/logger.ts';
import type { HistoryToolDeps, ToolSpec } from './define-tool.ts';
import { actionHistoryTool } from './tools/action-history-tool.ts';
import { actionSafetyTool } from './tools/action-safety-tool.ts';
import { approveActionTool } from './tools/approve-action-tool.ts';
import { effectivenessTool } from './tools/effectiveness-tool.ts';
import { oscillationTool } from './tools/oscillation-tool.ts';
import { pendingApprovalsTool } from './tools/pending-approvals-tool.ts';

/** Every tool of the action-history server, the writing one last (registered only where approving was enabled). */
export const HISTORY_TOOLS: readonly ToolSpec[] = [
  actionHistoryTool,
  oscillationTool,
  actionSafetyTool,
  effectivenessTool,
  pendingApprovalsTool,
  approveActionTool,
] as ToolSpec[];

const INSTRUCTIONS =
  'alerts-slm remediates Kubernetes alerts. These tools read its record: what it did to an object and why (get_action_history), ' +
  'whether our changes swing an object back and forth (analyze_oscillation), whether an action would pass every safety gate now ' +
  '(check_action_safety), how well actions worked against doing nothing (get_effectiveness), and what waits for a person ' +
  '(list_pending_approvals). Targets are namespace/Kind/name, or Kind/name for a Node.';

// A tool's failure as the client sees it: ours verbatim (a bad argument names it), anything unknown as "internal
// error" (its message may carry a connection string or a row), logged in full here.
const failure = (tool: string, error: unknown, log: Logger) => {
  if (statusOf(error) >= 500) log.error('MCP tool failed', { tool, error });
  const message = statusOf(error) === 503 ? `${publicMessageOf(error)}; retry` : publicMessageOf(error);
  return { content: [{ type: 'text' as const, text: `${tool}: ${message}` }], isError: true };
};

/** The action-history MCP server over `deps`, one per connection (stdio) or per request (stateless HTTP). */
export const createHistoryServer = (deps: HistoryToolDeps, options: { log: Logger }): McpServer => {
  const server = new McpServer(
    { name: 'alerts-slm-history', title: 'alerts-slm action history', version: pkg.version },
    { instructions: INSTRUCTIONS },
  );
  for (const tool of HISTORY_TOOLS) {
    if (tool.writes && !deps.approve) continue;
    const annotations = { readOnlyHint: !tool.writes, destructiveHint: false, idempotentHint: true, openWorldHint: false };
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.input, outputSchema: tool.output, annotations },
      async (args: unknown) => {
        try {
          const answer = await tool.run(deps, args as never);
          return { content: [{ type: 'text' as const, text: answer.text }], structuredContent: answer.data as Record<string, unknown> };
        } catch (error) {
          return failure(tool.name, error, options.log);
        }
      },
    );
  }
  return server;
};
