import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DeadLetterSink } from '../broker/local-broker.ts';

/** The local runner's dead-letter sink: one JSON line per event, replayable with `alerts-slm replay`. */
export const deadLetterFile =
  (file: string): DeadLetterSink =>
  async (event) => {
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, JSON.stringify(event) + '\n');
  };
