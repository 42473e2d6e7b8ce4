import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { redactUrls } from '../config/redact-url.ts';
import { TransientError } from '../errors/errors.ts';

/**
 * The tools of containers/kubernetes-mcp-server this system may call: reads only (readOnlyHint: true in
 * pkg/toolsets/core). Nothing else is ever sent, whatever the server offers: writes go through execute's own client.
 */
export const MCP_READ_TOOLS = ['pods_list_in_namespace', 'pods_get', 'events_list', 'resources_get', 'resources_list'] as const;
export type McpReadTool = (typeof MCP_READ_TOOLS)[number];

/** A tool's answer: its text content, and whether the server marked it an error. */
export interface McpAnswer {
  text: string;
  isError: boolean;
}

/** A connection to a Kubernetes MCP server that can only read. */
export interface McpSession {
  /** Calls one read tool within the per-call timeout; a transport failure or timeout is a TransientError. */
  call(tool: McpReadTool, args: Record<string, unknown>): Promise<McpAnswer>;
  close(): Promise<void>;
}

/** Where the server is and how to authenticate: a Bearer token (read per request), else the URL's userinfo. */
export interface McpSessionOptions {
  url: string;
  token: () => string | null;
  timeoutMs: number;
}

// fetch refuses a URL with credentials: they move into a Basic Authorization header (a token, when given, wins).
const endpoint = (url: string): { url: URL; basic: string | null } => {
  const u = new URL(url);
  const user = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  const basic = u.username ? Buffer.from(user).toString('base64') : null;
  u.username = '';
  u.password = '';
  return { url: u, basic };
};

const unavailable = (tool: string, error: unknown): TransientError =>
  new TransientError(redactUrls(`kubernetes MCP server: ${tool}: ${(error as Error).message ?? String(error)}`), {
    code: 'kubernetes_mcp_unavailable',
  });

/** Opens the session lazily (the SDK is loaded on the first call) and reconnects after any failure. */
export const createMcpSession = (options: McpSessionOptions): McpSession => {
  const { url, basic } = endpoint(options.url);
  let connected: Promise<Client> | undefined;
  const authorized = (input: string | URL, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    const token = options.token();
    if (token) headers.set('authorization', `Bearer ${token}`);
    else if (basic) headers.set('authorization', `Basic ${basic}`);
    return fetch(input, { ...init, headers });
  };
  const connect = async (): Promise<Client> => {
    const [{ Client }, { StreamableHTTPClientTransport }] = await Promise.all([
      import('@modelcontextprotocol/sdk/client/index.js'),
      import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    ]);
    const client = new Client({ name: 'alerts-slm-analyze', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(url, { fetch: authorized }), { timeout: options.timeoutMs });
    return client;
  };
  const reset = (): void => {
    const was = connected;
    connected = undefined;
    void was?.then((c) => c.close()).catch(() => undefined);
  };
  return {
    async call(tool, args) {
      // The type closes the list; this closes it for callers that cast around the type.
      if (!(MCP_READ_TOOLS as readonly string[]).includes(tool)) {
        throw new Error(`${tool} is not a read tool: only ${MCP_READ_TOOLS.join(', ')} are ever called`);
      }
      try {
        connected ??= connect();
        const client = await connected;
        const result = await client.callTool({ name: tool, arguments: args }, undefined, { timeout: options.timeoutMs });
        const content = (result.content ?? []) as { type: string; text?: string }[];
        const text = content.flatMap((c) => (c.type === 'text' && c.text !== undefined ? [c.text] : [])).join('\n');
        return { text, isError: result.isError === true };
      } catch (error) {
        reset();
        throw unavailable(tool, error);
      }
    },
    async close() {
      const was = connected;
      connected = undefined;
      await was?.then((c) => c.close()).catch(() => undefined);
    },
  };
};
