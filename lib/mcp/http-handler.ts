import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { FunctionRequest } from '../runtime/function-spec.ts';
import type { FunctionReply } from '../runtime/problem.ts';

const headersOf = (request: FunctionRequest): Headers => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers.set(name, value);
  // The front door decoded the body; what the transport checks is that it was JSON and what the client accepts.
  headers.set('content-type', 'application/json');
  return headers;
};

/**
 * One MCP request over streamable HTTP, stateless: a fresh server and transport per request (the SDK's stateless
 * mode), JSON answers instead of a stream, so it fits a scale-to-zero function behind the front door's checks.
 */
export const serveMcpRequest = async (request: FunctionRequest, createServer: () => McpServer): Promise<FunctionReply> => {
  const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
  const server = createServer();
  await server.connect(transport);
  try {
    const body = JSON.stringify(request.body);
    const response = await transport.handleRequest(
      new Request('http://mcp.local/', { method: request.method, headers: headersOf(request), body }),
      { parsedBody: request.body },
    );
    const text = await response.text();
    return { status: response.status, headers: Object.fromEntries(response.headers), ...(text ? { body: text } : {}) };
  } finally {
    await server.close();
  }
};
