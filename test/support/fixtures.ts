import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the real Alertmanager captures live (copied byte for byte from ../shared/fixtures). */
export const ALERTMANAGER_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'alertmanager');

/** One captured webhook request: the exact body bytes and the headers Alertmanager sent. */
export interface Capture {
  name: string;
  body: string;
  headers: Record<string, string>;
}

/** Every capture, in name order. */
export const captures = (): Capture[] =>
  readdirSync(ALERTMANAGER_FIXTURES)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.headers.json'))
    .sort()
    .map((f) => ({
      name: f,
      body: readFileSync(join(ALERTMANAGER_FIXTURES, f), 'utf8'),
      headers: (
        JSON.parse(readFileSync(join(ALERTMANAGER_FIXTURES, f.replace(/\.json$/, '.headers.json')), 'utf8')) as {
          headers: Record<string, string>;
        }
      ).headers,
    }));

/** One capture by file name prefix, e.g. "0032". */
export const capture = (prefix: string): Capture => {
  const found = captures().find((c) => c.name.startsWith(prefix));
  if (!found) throw new Error(`no capture ${prefix}`);
  return found;
};
