import { parse as parseYaml } from 'yaml';
import { TransientError } from '../errors/errors.ts';
import { KubeError } from '../errors/kube-errors.ts';
import type { McpAnswer } from './mcp-session.ts';
import type { KubeObject } from '../ports/cluster-actions.ts';

// What containers/kubernetes-mcp-server answers (pkg/output/output.go, pkg/toolsets/core/*.go): one object as YAML;
// a list as a YAML sequence (`--list-output yaml`) or as kubectl's table (the default); events as a YAML sequence of
// {Namespace, Timestamp, Type, Reason, InvolvedObject, Message} after a `#` line; a failure as `isError` with the
// API server's message at the end (`failed to get pod x in namespace y: pods "x" not found`).

/** The text of an answer; an error answer is thrown: not-found as the reads' KubeError (a null read), else transient. */
export const answerText = (what: string, answer: McpAnswer): string => {
  if (!answer.isError) return answer.text;
  const message = `${what}: kubernetes MCP server: ${answer.text.slice(0, 300)}`;
  if (/"[^"]*" not found\s*$/.test(answer.text)) throw new KubeError('not-found', 404, message);
  throw new TransientError(message, { code: 'kubernetes_mcp_error' });
};

const invalid = (what: string, why: string): TransientError =>
  new TransientError(`${what}: kubernetes MCP server: ${why}`, { code: 'kubernetes_mcp_error' });

const yaml = (what: string, text: string): unknown => {
  try {
    return parseYaml(text);
  } catch (error) {
    throw invalid(what, `not YAML (${(error as Error).message.split('\n')[0]})`);
  }
};

const isObject = (v: unknown): v is KubeObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One object's YAML. */
export const objectAnswer = (what: string, text: string): KubeObject => {
  const value = yaml(what, text);
  if (!isObject(value)) throw invalid(what, 'expected one object');
  return value;
};

/** A table's rows, keyed by column header: columns start where the header's do (kubectl pads with three spaces). */
export const tableRows = (text: string): Record<string, string>[] => {
  const [header = '', ...lines] = text.split('\n').filter((l) => l.trim() !== '');
  const columns = [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], start: m.index }));
  return lines.map((line) =>
    Object.fromEntries(columns.map((c, i) => [c.name, line.slice(c.start, columns[i + 1]?.start ?? line.length).trim()])),
  );
};

/** A list answer: whole objects (YAML), or the table's rows to read one by one. */
export const listAnswer = (what: string, text: string): { objects: KubeObject[] } | { rows: Record<string, string>[] } => {
  if (text.trim() === '' || /^\s*No resources found/.test(text)) return { objects: [] };
  if (/^\s*(NAMESPACE|APIVERSION|NAME)\s/.test(text)) return { rows: tableRows(text) };
  const value = yaml(what, text);
  if (!Array.isArray(value) || !value.every(isObject)) throw invalid(what, 'expected a YAML list or a table');
  return { objects: value };
};

/** Go's time.Time.String() (`2006-01-02 15:04:05.999 -0700 MST`) as ISO; null for Go's zero time or anything else. */
export const goTimeToIso = (text: unknown): string | null => {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?) ([+-]\d\d)(\d\d)/.exec(String(text ?? ''));
  if (!m || m[1]?.startsWith('0001-')) return null;
  const d = new Date(`${m[1]}T${m[2]}${m[3]}:${m[4]}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

/**
 * events_list's entries as Event objects: what the answer carries (no count: the server does not print it; its
 * Timestamp is the event time, the series' last, the last (count > 1) or the first timestamp).
 */
export const eventsAnswer = (what: string, text: string): KubeObject[] => {
  if (/^\s*#?\s*No events found/.test(text)) return [];
  const value = yaml(what, text);
  if (!Array.isArray(value)) throw invalid(what, 'expected a YAML list of events');
  return value.filter(isObject).map((e) => ({
    type: e.Type,
    reason: e.Reason,
    message: e.Message,
    involvedObject: {
      apiVersion: e.InvolvedObject?.apiVersion,
      kind: e.InvolvedObject?.Kind,
      name: e.InvolvedObject?.Name,
      namespace: e.Namespace,
    },
    lastTimestamp: goTimeToIso(e.Timestamp) ?? undefined,
    metadata: { namespace: e.Namespace },
  }));
};
