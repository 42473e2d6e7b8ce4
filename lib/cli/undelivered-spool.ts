import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseEnvelope } from '../events/define-event.ts';
import type { CloudEventEnvelope } from '../domain/cloud-event-envelope.ts';

/**
 * Where the local runner keeps the events its broker had accepted but not delivered when it stopped (one JSON per
 * line): published again at the next start, so stopping `make run` loses no accepted alert.
 */
export const undeliveredSpool = (file: string) => ({
  keep(events: readonly CloudEventEnvelope[]): void {
    if (events.length === 0) return;
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, events.map((e) => JSON.stringify(e) + '\n').join(''), { mode: 0o600 });
  },
  /** The kept events, oldest first, removed from the spool (a line that is not an event is skipped). */
  take(): CloudEventEnvelope[] {
    if (!existsSync(file)) return [];
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    rmSync(file, { force: true });
    return lines.flatMap((line) => {
      try {
        return [parseEnvelope(JSON.parse(line))];
      } catch {
        return [];
      }
    });
  },
});
