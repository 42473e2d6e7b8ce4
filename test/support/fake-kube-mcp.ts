import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FakeKubeApi } from './fake-kube-api.ts';
import { READ_TOOLS, WRITE_TOOLS, type FakeTool, type KubeGet, type ToolAnswer } from './fake-kube-mcp-tools.ts';

/** One tool call the fake received (after authentication), and whether it answered an error. */
export interface RecordedCall {
  tool: string;
  arguments: Record<string, unknown>;
  isError: boolean;
}

/** How the fake runs: as `kubernetes-mcp-server --port N [--read-only] [--list-output yaml]` behind a token check. */
export interface FakeKubeMcpOptions {
  /** The API server the tools read (the same fixtures the direct reads see). */
  kube: FakeKubeApi;
  /** The Bearer token every request must carry (401 otherwise, with the server's WWW-Authenticate); none: open. */
  token?: string;
  /** `--list-output`: lists as a kubectl table (the server's default) or as YAML. */
  listOutput?: 'table' | 'yaml';
  /** `--read-only`: tools that are not read-only are not listed (nor callable). */
  readOnly?: boolean;
}

/**
 * A containers/kubernetes-mcp-server stand-in over real streamable HTTP at `/mcp` (the MCP SDK's server), serving
 * the core toolset's tools with their real names, arguments and answer texts, reading a fake API server.
 */
export interface FakeKubeMcp {
  /** `http://127.0.0.1:<port>/mcp`. */
  url: string;
  /** Every tool call, in arrival order. */
  calls: RecordedCall[];
  /** Every HTTP request's Authorization header (undefined when none), in arrival order. */
  authorizations: (string | undefined)[];
  /** Answers every request this much later (a slow server); 0 to stop. */
  delay(ms: number): void;
  /** Answers the next call(s) of `tool` with an error, as the server does when the API server fails. */
  failNext(tool: string, message: string, times?: number): void;
  /** Forgets the scripted failures not yet answered. */
  clearFailures(): void;
  close(): Promise<void>;
}

// The server's answer to a missing or wrong token (pkg/http/authorization.go write401).
const unauthorized = (res: ServerResponse, error: 'missing_token' | 'invalid_token'): void => {
  res.writeHead(401, {
    'www-authenticate': `Bearer realm="Kubernetes MCP Server", error="${error}"`,
    'content-type': 'text/plain; charset=utf-8',
  });
  res.end(error === 'missing_token' ? 'Unauthorized: Bearer token required\n' : 'Unauthorized: Invalid token\n');
};

const kubeGetter = (kube: FakeKubeApi): KubeGet => {
  const token = kube.kubeConfig().getCurrentUser()?.token ?? '';
  return async (path, query = {}) => {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
    const url = `${kube.url}${path}${params.size ? `?${params}` : ''}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch((e: Error) => {
      throw new Error(`Get ${JSON.stringify(url)}: ${(e.cause as Error | undefined)?.message ?? e.message}`);
    });
    const body = await res.text();
    if (!res.headers.get('content-type')?.includes('json')) {
      if (res.ok) return body;
      throw new Error(body);
    }
    const parsed = JSON.parse(body) as { kind?: string; message?: string };
    if (!res.ok) throw new Error(parsed.message ?? `the server answered ${res.status}`);
    return parsed;
  };
};

/** Starts the fake on a random loopback port. */
export const startFakeKubeMcp = async (options: FakeKubeMcpOptions): Promise<FakeKubeMcp> => {
  const calls: RecordedCall[] = [];
  const authorizations: (string | undefined)[] = [];
  const failures: { tool: string; message: string; remaining: number }[] = [];
  const kube = kubeGetter(options.kube);
  const listOutput = options.listOutput ?? 'table';
  let delayMs = 0;

  const answer = async (tool: FakeTool, args: Record<string, unknown>): Promise<ToolAnswer> => {
    const failure = failures.find((f) => f.tool === tool.name);
    if (failure && --failure.remaining <= 0) failures.splice(failures.indexOf(failure), 1);
    return failure ? { text: failure.message, isError: true } : tool.run(args, { kube, listOutput });
  };

  const mcpServer = (): McpServer => {
    const server = new McpServer({ name: 'kubernetes-mcp-server', version: '0.0.0-fake' });
    for (const tool of [...READ_TOOLS, ...(options.readOnly ? [] : WRITE_TOOLS)]) {
      const annotations = { title: tool.title, readOnlyHint: tool.readOnly, destructiveHint: !tool.readOnly, openWorldHint: true };
      server.registerTool(
        tool.name,
        { title: tool.title, inputSchema: tool.inputSchema, annotations },
        async (args: Record<string, unknown>) => {
          const result = await answer(tool, args);
          calls.push({ tool: tool.name, arguments: args, isError: result.isError === true });
          return { content: [{ type: 'text' as const, text: result.text }], ...(result.isError ? { isError: true } : {}) };
        },
      );
    }
    return server;
  };

  // Stateless: a server and a transport per request, as `--stateless` runs it.
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    authorizations.push(req.headers.authorization);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if ((req.url ?? '/').split('?')[0] !== '/mcp')
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
    if (options.token !== undefined) {
      const auth = req.headers.authorization;
      if (!auth?.startsWith('Bearer ')) return unauthorized(res, 'missing_token');
      if (auth !== `Bearer ${options.token}`) return unauthorized(res, 'invalid_token');
    }
    const server = mcpServer();
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
    res.on('close', () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };

  const http: Server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
    calls,
    authorizations,
    delay: (ms) => {
      delayMs = ms;
    },
    failNext: (tool, message, times = 1) => {
      failures.push({ tool, message, remaining: times });
    },
    clearFailures: () => {
      failures.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
};
