import type { Config } from '../config/config-schema.ts';
import { tokenReader } from '../config/token-file.ts';
import type { ClusterReads } from '../ports/cluster.ts';
import { createKubeReads } from './kube-reads.ts';
import { createMcpReadApi } from './mcp-read-api.ts';
import { createMcpSession } from './mcp-session.ts';

/**
 * The read-only port through an external Kubernetes MCP server (containers/kubernetes-mcp-server, streamable
 * HTTP): the same reads, bounds and per-call timeout as the direct reads, asked of the server's read tools only.
 */
export const createMcpReads = (kube: Config['kube'] & { mcpUrl: string }): ClusterReads => {
  const session = createMcpSession({ url: kube.mcpUrl, token: tokenReader(kube.mcpTokenFile), timeoutMs: kube.timeoutMs });
  return { ...createKubeReads(createMcpReadApi(session), kube.timeoutMs), source: 'kubernetes-mcp' };
};
