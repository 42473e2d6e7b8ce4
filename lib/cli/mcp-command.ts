import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { parseArgs } from 'node:util';
import { createHttpBroker } from '../broker/http-broker.ts';
import { loadConfig } from '../config/load-config.ts';
import { createHistoryServer } from '../mcp/history-server.ts';
import { historyDeps } from '../mcp/history-deps.ts';
import { createLogger } from '../runtime/logger.ts';
import { chooseDriver } from '../store/create-driver.ts';
import type { CliIo, Command } from './command.ts';
import { ADMIN_PATH } from './admin-endpoint.ts';
import { holdLocalLock } from './local-lock.ts';
import { MCP_PATH } from './local-mcp-route.ts';
import { runningLocally } from './main.ts';
import { openMigratedDatabase } from './store-command.ts';

// A message on stdin larger than this is refused (the transport closes) rather than buffered without end.
const MAX_MESSAGE_BYTES = 1024 * 1024;

// Resolves when the client goes away: stdin ends (or the transport gave up on it).
const untilClosed = (transport: Transport, stdin: NodeJS.ReadableStream): Promise<void> =>
  new Promise((resolve) => {
    transport.onclose = () => resolve();
    stdin.once('end', () => void transport.close());
    stdin.once('close', () => void transport.close());
  });

// `make run` holds the embedded database: its process serves the tools; this one passes messages both ways.
const bridge = async (url: string, token: string | null): Promise<number> => {
  const stdio = new StdioServerTransport(process.stdin, process.stdout, { maxBufferSize: MAX_MESSAGE_BYTES });
  const http = new StreamableHTTPClientTransport(
    new URL(url),
    token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {},
  );
  stdio.onmessage = (message) =>
    void http.send(message).catch((error: unknown) => {
      const id = (message as { id?: string | number }).id;
      if (id !== undefined)
        void stdio.send({
          jsonrpc: '2.0',
          id,
          error: { code: -32603, message: `the running alerts-slm could not answer: ${(error as Error).message}` },
        });
    });
  http.onmessage = (message) => void stdio.send(message);
  await http.start();
  await stdio.start();
  await untilClosed(stdio, process.stdin);
  await http.close();
  return 0;
};

/**
 * `alerts-slm mcp`: the action-history MCP server on stdin/stdout, for a person's MCP client. It reads the configured
 * database read-only (DATABASE_URL, or the embedded one); while `make run` holds the embedded one, it talks to that
 * process instead. Nothing but MCP messages goes to stdout; logs go to stderr.
 */
export const mcpCommand: Command = {
  name: 'mcp',
  usage: 'mcp',
  summary: 'serve the action-history MCP tools on stdin/stdout (read-only; approve_action only with MCP_ALLOW_APPROVE=true)',
  async run(args, io: CliIo) {
    parseArgs({ args, options: {} });
    const runner = runningLocally(io);
    if (runner) return bridge(runner.adminUrl.replace(ADMIN_PATH, MCP_PATH), runner.token);
    const config = loadConfig(io.env);
    const lock = chooseDriver(config.database) === 'pglite' ? holdLocalLock(config.database.dataDir) : null;
    try {
      const database = await openMigratedDatabase(config.database);
      const logger = createLogger({ level: config.logLevel, write: (line) => io.err(line), fields: { fn: 'mcp' } });
      const broker = config.broker.url
        ? createHttpBroker({
            url: config.broker.url,
            timeoutMs: config.broker.timeoutMs,
            concurrency: 1,
            tokenFile: config.broker.tokenFile,
          })
        : null;
      const server = createHistoryServer(
        historyDeps(config, database, broker, () => new Date()),
        { log: logger },
      );
      const stdio = new StdioServerTransport(process.stdin, process.stdout, { maxBufferSize: MAX_MESSAGE_BYTES });
      const closed = untilClosed(stdio, process.stdin);
      await server.connect(stdio);
      await closed;
      await database.close();
      return 0;
    } finally {
      lock?.release();
    }
  },
};
