import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBinary } from '../events/cloud-event-codec.ts';
import { parseEnvelope } from '../events/define-event.ts';

/** One request replay will send: where it came from, and the exact bytes and headers. */
export interface ReplayItem {
  origin: string;
  kind: 'webhook' | 'cloudevent';
  headers: Record<string, string>;
  body: string;
}

const isCloudEvent = (value: unknown): boolean => typeof value === 'object' && value !== null && 'specversion' in value;

const itemFor = (origin: string, text: string, value: unknown): ReplayItem => {
  if (isCloudEvent(value)) return { origin, kind: 'cloudevent', ...encodeBinary(parseEnvelope(value)) };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${origin}: neither an Alertmanager payload nor a CloudEvent`);
  // Webhook payloads go out byte for byte, as Alertmanager sent them.
  return { origin, kind: 'webhook', headers: { 'content-type': 'application/json', 'user-agent': 'alerts-slm-replay' }, body: text };
};

/** The requests in one file: a whole-file JSON payload or CloudEvent, else one JSON per line (JSON Lines). */
export const itemsInFile = (file: string): ReplayItem[] => {
  const text = readFileSync(file, 'utf8');
  try {
    return [itemFor(file, text, JSON.parse(text))];
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      return [itemFor(`${file}:${i + 1}`, line, JSON.parse(line))];
    } catch (error) {
      throw new Error(`${file}:${i + 1}: ${error instanceof SyntaxError ? 'not JSON' : (error as Error).message}`);
    }
  });
};

/** The files a path names: itself, or a folder's *.json / *.jsonl / *.ndjson in name order (request sidecars skipped). */
export const replayFiles = (path: string): string[] =>
  statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => /\.(json|jsonl|ndjson)$/.test(f) && !f.endsWith('.headers.json'))
        .sort()
        .map((f) => join(path, f))
    : [path];

/** Sends one item; resolves with the status and the start of the response body (never throws for HTTP errors). */
export const sendItem = async (
  item: ReplayItem,
  to: string,
  token: string | undefined,
  timeoutMs = 30_000,
): Promise<{ status: number; body: string }> => {
  const headers = { ...item.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  try {
    const response = await fetch(to, { method: 'POST', headers, body: item.body, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: (await response.text()).slice(0, 300) };
  } catch (error) {
    return { status: 0, body: ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message };
  }
};
