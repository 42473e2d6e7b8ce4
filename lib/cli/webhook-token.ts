import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret } from '../config/secret.ts';

/** The local runner's webhook token: generated once, kept (mode 0600) under the data directory. */
export const localWebhookToken = (dataDir: string): Secret => {
  const file = join(dataDir, 'webhook-token');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing) return new Secret(existing);
  } catch {}
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return new Secret(token);
};
